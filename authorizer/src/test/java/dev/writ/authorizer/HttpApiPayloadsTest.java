package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.core.json.Json;
import dev.writ.testsupport.TestIdp;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the HTTP API functions decide on, per payload format: 2.0 joins a repeated header's values
 * with commas (in the backend's event too), so the joined value is decided on; 1.0 is not
 * supported and finds no route. Each event is read into the functions' event type as the Lambda
 * runtime reads it.
 */
class HttpApiPayloadsTest {
    @RegisterExtension
    static final TestIdp idp = new TestIdp();
    private static final Authorizer SAMPLE = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10),
            new ByteArrayOutputStream()).build();

    private static String clerk() {
        return idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
    }

    private static APIGatewayV2CustomAuthorizerEvent typed(String json) {
        return LambdaEventSerializers.serializerFor(APIGatewayV2CustomAuthorizerEvent.class,
                HttpApiPayloadsTest.class.getClassLoader()).fromJson(json);
    }

    /** A clerk's payload 2.0 event for {@code POST /payments} with {@code X-Payment-Amount} as API Gateway writes it. */
    private static APIGatewayV2CustomAuthorizerEvent createPayment(String amountHeader) {
        return typed(TestWorld.eventJson("http-request", clerk(), e -> {
            e.put("routeArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/POST/payments");
            e.put("routeKey", "POST /payments");
            e.put("rawPath", "/prod/payments");
            e.put("rawQueryString", "");
            e.put("queryStringParameters", null);
            e.put("pathParameters", null);
            TestWorld.map(e, "headers").put("x-payment-amount", amountHeader);
            Map<String, Object> rc = TestWorld.map(e, "requestContext");
            rc.put("routeKey", "POST /payments");
            TestWorld.map(rc, "http").put("method", "POST");
            TestWorld.map(rc, "http").put("path", "/prod/payments");
        }));
    }

    @Test
    void aRepeatedHeaderArrivesJoinedAndIsDecidedOnAsOneValue() {
        Decision one = SAMPLE.decide(createPayment("100"));
        assertThat(one.isAllowed()).as(one.detail()).isTrue();

        Decision joined = SAMPLE.decide(createPayment("99999999,100"));
        assertThat(joined.reason() + " " + joined.detail()).isEqualTo("BAD_REQUEST header X-Payment-Amount is not a LONG");
    }

    @Test
    void aPayloadOneEventFindsNoRoute() {
        // The REST-shaped event an HTTP API sends with AuthorizerPayloadFormatVersion 1.0.
        String bearer = "Bearer " + clerk();
        String json = Json.write(Map.ofEntries(
                Map.entry("version", "1.0"),
                Map.entry("type", "REQUEST"),
                Map.entry("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/payments/p-1001"),
                Map.entry("identitySource", bearer),
                Map.entry("authorizationToken", bearer),
                Map.entry("resource", "/payments/{paymentId}"),
                Map.entry("path", "/payments/p-1001"),
                Map.entry("httpMethod", "GET"),
                Map.entry("headers", Map.of("authorization", bearer)),
                Map.entry("pathParameters", Map.of("paymentId", "p-1001")),
                Map.entry("requestContext", Map.of("apiId", "a1b2c3", "stage", "prod", "httpMethod", "GET",
                        "path", "/prod/payments/p-1001", "resourcePath", "/payments/{paymentId}",
                        "identity", Map.of("sourceIp", "203.0.113.10")))));

        Decision o = SAMPLE.decide(typed(json));

        assertThat(o.isAllowed()).isFalse();
        assertThat(o.reason()).isEqualTo(ReasonCode.UNKNOWN_ROUTE);
    }
}
