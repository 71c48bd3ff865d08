package dev.writ.authorizer.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tool-call handler starts its Micronaut context and injects the exchange over the container's
 * authorizer: misconfigured in this JVM (no variable set), so every call is refused as JSON with
 * its code, after the IAM caller is read; never an exception.
 */
class ToolCallFunctionTest {
    private static final String BODY = "{\"tool\":\"refund_payment\",\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120}}";

    private static APIGatewayV2HTTPEvent event(String method, String callerArn) {
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = callerArn == null ? null
                : APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(callerArn).withAccountId("123456789012").build();
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/")
                .withHeaders(Map.of("authorization", "Bearer x"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath("/").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withIam(iam).build())
                        .build())
                .withBody(BODY).withIsBase64Encoded(false).build();
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) {
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        return Json.parseObject(response.getBody());
    }

    @Test
    void refusesEveryCallAsJsonWithItsCode() {
        try (ToolCallFunction fn = new ToolCallFunction()) {
            APIGatewayV2HTTPResponse misconfigured = fn.execute(event("POST",
                    "arn:aws:sts::123456789012:assumed-role/support-agent/session"));
            assertThat(misconfigured.getStatusCode()).isEqualTo(503);
            assertThat(json(misconfigured)).containsEntry("reason", "MISCONFIGURED").containsOnlyKeys("reason", "message");

            APIGatewayV2HTTPResponse anonymous = fn.execute(event("POST", null));
            assertThat(anonymous.getStatusCode()).isEqualTo(401);
            assertThat(json(anonymous)).containsEntry("reason", "NO_CALLER");

            APIGatewayV2HTTPResponse get = fn.execute(event("GET", null));
            assertThat(get.getStatusCode()).isEqualTo(405);
            assertThat(json(get)).containsEntry("reason", "BAD_REQUEST");
        }
    }
}
