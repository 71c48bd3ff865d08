package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zero-code example packaged as the template deploys it: examples/zero-code-payments' jar (an
 * ordinary {@code ListPayments} handler, nothing of Writ in it), the guard-runtime layer, handler
 * {@code dev.writ.guard.entry.GuardedHandler} and {@code WRIT_GUARD_HANDLER} naming
 * {@code ListPayments}, under the runtime emulator beside the REST authorizer. {@code ListPayments}
 * logs one line per request it serves, with the request id: a denied request's id never appears.
 */
class ZeroCodeFunctionIT {
    private static final String SERVED = "ListPayments served request ";

    private static WritStack stack;
    private static PackagedFunction authorizer;
    private static PackagedFunction payments;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.create();
        authorizer = stack.startAuthorizer("kms");
        payments = stack.startZeroCodePayments();
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(payments, authorizer, stack);
    }

    private static Map<String, Object> authorize(String sub, String group) {
        PackagedFunction.Invocation answer = authorizer.invoke(RuntimeEvents.listAuthorizerRequest(stack.token(sub, group)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(Map<String, Object> authorizerResponse) {
        return (Map<String, Object>) authorizerResponse.get("context");
    }

    @Test
    void anUnsignedRequestIsDeniedBeforeTheHandlersCodeRunsAndAnAllowedOneReachesIt() throws Exception {
        String unsigned = RuntimeEvents.listPaymentsRequest(null);
        assertDenied(payments.invoke(unsigned), "MISSING_WRIT");

        Map<String, Object> allowed = authorize("vera", "viewer");
        String signed = RuntimeEvents.listPaymentsRequest(allowed);
        PackagedFunction.Invocation answer = payments.invoke(signed);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(200);
        Map<String, Object> body = Json.parseObject((String) answer.json().get("body"));
        // ListPayments' own answer, from the event exactly as API Gateway sent it.
        assertThat(body).containsEntry("principal", "vera").containsEntry("requestId", RuntimeEvents.requestId(signed))
                .containsKey("payments");
        // The handler's log line shows for the allowed request (so the log is read), never for the denied one.
        assertThat(payments.output()).contains(SERVED + RuntimeEvents.requestId(signed))
                .doesNotContain(SERVED + RuntimeEvents.requestId(unsigned));
    }

    @Test
    void aWritForAnotherFunctionIsDeniedAndTheHandlerDoesNotRun() throws Exception {
        // A clerk's writ for POST /payments (audience payments-write) presented to the read function.
        PackagedFunction.Invocation write = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        String event = RuntimeEvents.listPaymentsRequest(write.json());

        PackagedFunction.Invocation answer = payments.invoke(event);

        assertThat(context(write.json())).containsKey("writ");
        assertDenied(answer, "WRONG_AUDIENCE");
        assertThat(payments.output()).doesNotContain(SERVED + RuntimeEvents.requestId(event));
    }

    private static void assertDenied(PackagedFunction.Invocation answer, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(403);
        assertThat(Json.parseObject((String) answer.json().get("body"))).containsEntry("message", "Forbidden")
                .containsEntry("code", code);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at dev.writ");
    }
}
