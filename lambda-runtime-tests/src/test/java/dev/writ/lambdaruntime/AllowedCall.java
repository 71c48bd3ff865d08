package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** One allowed payment through the packaged authorizer and guarded function, as API Gateway chains them. */
final class AllowedCall {
    private AllowedCall() {
    }

    /** Authorizes and runs a payment (both answered 2xx); its execution id, the writ's {@code jti}. */
    @SuppressWarnings("unchecked")
    static String run(WritStack stack, PackagedFunction authorizer, PackagedFunction payments) {
        PackagedFunction.Invocation authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as(authorized.body()).isEqualTo(200);
        Map<String, Object> response = authorized.json();
        PackagedFunction.Invocation paid = payments.invoke(RuntimeEvents.paymentsRequest(response, 120));
        assertThat(paid.json().get("statusCode")).as(paid.body()).isEqualTo(201);
        return (String) ((Map<String, Object>) response.get("context")).get("jti");
    }
}
