package dev.writ.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The failure each answer shape a guarded function returns reports for its {@code outcome} record:
 * MCP answers streamed as SSE or base64-encoded, AgentCore Gateway tool results, Bedrock Agents
 * action-group responses.
 */
class AnswerFailureTest {

    private static final String TOOL_ERROR = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[],\"isError\":true}}";
    private static final String RPC_ERROR = "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}";
    private static final String PROGRESS = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
            + "\"params\":{\"progressToken\":1,\"progress\":1,\"message\":\"no error yet\"}}";
    private static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[],\"isError\":false}}";

    private static String sse(String... messages) {
        StringBuilder stream = new StringBuilder();
        for (String message : messages) {
            stream.append("event: message\ndata: ").append(message).append("\n\n");
        }
        return stream.toString();
    }

    private static APIGatewayProxyResponseEvent streamed(String body) {
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache")).withBody(body);
    }

    @Test
    void aStreamedAnswerFailsWhenItsResponseEventIsAnErrorNotOnItsNotifications() {
        assertThat(AnswerFailure.of(streamed(sse(PROGRESS, TOOL_ERROR)))).isEqualTo("tool_error");
        assertThat(AnswerFailure.of(streamed(sse(PROGRESS, RPC_ERROR)))).isEqualTo("jsonrpc_error=-32603");
        assertThat(AnswerFailure.of(streamed(sse(PROGRESS, RESULT)))).isNull();
    }

    @Test
    void anEventStreamIsReadAsSseSaysWhateverItsLineEndsAndDataLines() {
        // CRLF line ends, a comment, the message split over two data lines (joined by a line feed, which JSON allows).
        String split = ": keep-alive\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\r\ndata:\"error\":{\"code\":-32602}}\r\n\r\n";
        assertThat(AnswerFailure.of(streamed(split))).isEqualTo("jsonrpc_error=-32602");
        assertThat(AnswerFailure.of(streamed(sse(TOOL_ERROR).replace('\n', '\r')))).isEqualTo("tool_error");
    }

    @Test
    void theMediaTypeSaysAnAnswerIsAStreamWhateverItsCaseParametersOrHeaderMap() {
        String body = sse(TOOL_ERROR);
        assertThat(AnswerFailure.of(new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("content-type", "Text/Event-Stream; charset=utf-8")).withBody(body))).isEqualTo("tool_error");
        assertThat(AnswerFailure.of(new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withMultiValueHeaders(Map.of("Content-Type", List.of("text/event-stream"))).withBody(body))).isEqualTo("tool_error");
        assertThat(AnswerFailure.of(APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("content-type", "text/event-stream")).withBody(body).build())).isEqualTo("tool_error");
        assertThat(AnswerFailure.of(Map.of("statusCode", 200, "headers", Map.of("Content-Type", "text/event-stream"),
                "body", body))).isEqualTo("tool_error");
        assertThat(AnswerFailure.of(Map.of("statusCode", 200, "multiValueHeaders", Map.of("content-type", List.of("text/event-stream")),
                "body", body))).isEqualTo("tool_error");
        // Not said to be a stream: the body is not one JSON message, so it reports nothing.
        assertThat(AnswerFailure.of(new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(body))).isNull();
    }

    @Test
    void aBase64BodyIsReadDecodedAsTheCallerReceivesIt() {
        String encoded = Base64.getEncoder().encodeToString(RPC_ERROR.getBytes(StandardCharsets.UTF_8));
        assertThat(AnswerFailure.of(new APIGatewayProxyResponseEvent().withStatusCode(200).withIsBase64Encoded(true)
                .withBody(encoded))).isEqualTo("jsonrpc_error=-32603");
        assertThat(AnswerFailure.of(APIGatewayV2HTTPResponse.builder().withStatusCode(200).withIsBase64Encoded(true)
                .withBody(encoded).build())).isEqualTo("jsonrpc_error=-32603");
        assertThat(AnswerFailure.of(Map.of("statusCode", 200, "isBase64Encoded", true, "body", encoded)))
                .isEqualTo("jsonrpc_error=-32603");
        String streamed = Base64.getEncoder().encodeToString(sse(TOOL_ERROR).getBytes(StandardCharsets.UTF_8));
        assertThat(AnswerFailure.of(streamed(streamed).withIsBase64Encoded(true))).isEqualTo("tool_error");
        // Not flagged: the text itself, which is no JSON-RPC message.
        assertThat(AnswerFailure.of(new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(encoded))).isNull();
    }

    @Test
    void anAgentCoreToolResultWithIsErrorIsAToolError() {
        assertThat(AnswerFailure.of(Map.of("content", List.of(Map.of("type", "text", "text", "no such order")), "isError", true)))
                .isEqualTo("tool_error");
        assertThat(AnswerFailure.of(Map.of("content", List.of(), "isError", false))).isNull();
        assertThat(AnswerFailure.of(Map.of("order", "shipped"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAILURE", "REPROMPT"})
    void aBedrockFunctionResponseInAFailedStateIsAFailure(String state) {
        Map<String, Object> answer = Map.of("messageVersion", "1.0", "response", Map.of("actionGroup", "VacationsActionGroup",
                "function", "submitVacationRequest", "functionResponse", Map.of("responseState", state,
                        "responseBody", Map.of("TEXT", Map.of("body", "no days left")))));
        assertThat(AnswerFailure.of(answer)).isEqualTo("response_state=" + state);
    }

    @Test
    void aBedrockResponseFailsOnlyInAFailedStateOrWithAnHttpErrorStatus() {
        assertThat(AnswerFailure.of(Map.of("messageVersion", "1.0", "response", Map.of("function", "submitVacationRequest",
                "functionResponse", Map.of("responseBody", Map.of("TEXT", Map.of("body", "booked"))))))).isNull();
        assertThat(AnswerFailure.of(Map.of("messageVersion", "1.0", "response", Map.of("apiPath", "/vacations",
                "httpMethod", "POST", "httpStatusCode", 409, "responseBody", Map.of())))).isEqualTo("status=409");
        assertThat(AnswerFailure.of(Map.of("messageVersion", "1.0", "response", Map.of("apiPath", "/vacations",
                "httpMethod", "POST", "httpStatusCode", 200, "responseBody", Map.of())))).isNull();
    }
}
