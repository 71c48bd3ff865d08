package dev.writ.lambdaruntime;

import dev.writ.guard.internal.Invocation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API pair of the template, packaged: authorizer-fn's {@code HttpSimpleAuthorizerFunction}
 * and the example's {@code CreatePaymentHttp} (layer), under the runtime emulator with payload 2.0
 * events, the writ travelling in {@code requestContext.authorizer.lambda} as an HTTP API hands it on.
 */
class HttpApiFunctionsIT {
    private static WritStack stack;
    private static PackagedFunction authorizer;
    private static PackagedFunction payments;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.create();
        authorizer = stack.startHttpAuthorizer("kms");
        payments = stack.startGuardedPaymentsHttp();
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(payments, authorizer, stack);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authorize(String token) {
        PackagedFunction.Invocation answer = authorizer.invoke(RuntimeEvents.httpAuthorizerRequest(token, 120));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClerksPaymentIsAuthorizedAndTheGuardedHttpHandlerRuns() {
        Map<String, Object> response = authorize(stack.token("carla", "clerk"));
        assertThat(response).as(response.toString()).containsEntry("isAuthorized", true);
        Map<String, Object> context = (Map<String, Object>) response.get("context");

        PackagedFunction.Invocation answer = payments.invoke(RuntimeEvents.httpPaymentsRequest(context, 120));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(201);
        assertThat(Json.parseObject((String) answer.json().get("body")))
                .containsEntry("principal", "carla").containsEntry("execId", context.get("jti"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aViewersPaymentIsNotAuthorized() {
        Map<String, Object> response = authorize(stack.token("vera", "viewer"));

        assertThat(response).containsEntry("isAuthorized", false);
        assertThat((Map<String, Object>) response.get("context")).containsEntry("reason", "POLICY_DENY");
    }

    @Test
    void theGuardedHttpHandlerDeniesAnEventWithoutAWrit() {
        PackagedFunction.Invocation answer = payments.invoke(RuntimeEvents.httpPaymentsRequest(null, 120));

        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(403);
        assertThat(Json.parseObject((String) answer.json().get("body"))).containsEntry("code", "MISSING_WRIT");
    }
}
