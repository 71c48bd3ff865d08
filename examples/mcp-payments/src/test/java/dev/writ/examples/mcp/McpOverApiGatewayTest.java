package dev.writ.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import dev.writ.testsupport.Events;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adapter on its own, for what never reaches it through the guard in the other tests: a body
 * API Gateway flags {@code isBase64Encoded} that is not base64 is a JSON-RPC parse error (-32700,
 * HTTP 400), not an exception out of the handler.
 */
class McpOverApiGatewayTest {
    private static final String NOT_BASE64 = "{\"jsonrpc\":\"2.0\"} is not base64!";

    private final McpOverApiGateway mcp = PaymentsMcpFunction.paymentsServer();

    @Test
    void aRestBodyFlaggedBase64ThatIsNotIsAParseError() {
        APIGatewayProxyResponseEvent response = mcp.answer(new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(NOT_BASE64).withIsBase64Encoded(true),
                "carl");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertParseError(response.getBody());
    }

    @Test
    void anHttpApiBodyFlaggedBase64ThatIsNotIsAParseError() {
        APIGatewayV2HTTPResponse response = mcp.answer(APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("content-type", "application/json")).withBody(NOT_BASE64).withIsBase64Encoded(true)
                .build(), "carl");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertParseError(response.getBody());
    }

    private static void assertParseError(String body) {
        Map<String, Object> answer = Json.parseObject(body);
        // MCP 2026-07-28 "Error Responses": no id when it could not be read. Its schema types the
        // id string or integer, so JSON-RPC 2.0's "id": null would not validate.
        assertThat(answer).containsEntry("jsonrpc", "2.0").doesNotContainKey("id");
        assertThat(Events.child(answer, "error"))
                .containsEntry("code", -32700)
                .containsEntry("message", "Parse error: body is not base64");
    }
}
