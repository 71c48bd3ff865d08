package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.testsupport.Emulators;
import java.util.Map;

/**
 * The packaged REST authorizer and guarded payments function, both reaching DynamoDB Local through
 * one {@link LineageGate}, with the run's lineage to read back. {@link #close()} stops what started
 * (closing the gate drops what it still holds, unwritten), also after a start that failed half-way.
 */
final class GatedPayments implements AutoCloseable {
    WritStack stack;
    LineageGate gate;
    PackagedFunction authorizer;
    PackagedFunction payments;
    ExecutionLineage lineage;

    /** Starts the stack, the gate and both functions; on failure, {@link #close()} still stops what started. */
    GatedPayments start() throws Exception {
        stack = WritStack.create();
        lineage = new ExecutionLineage(Emulators.dynamoDb(), stack.lineageTable());
        gate = new LineageGate(System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", System.getenv("AWS_ENDPOINT_URL")));
        Map<String, String> throughGate = Map.of("AWS_ENDPOINT_URL_DYNAMODB", gate.endpoint());
        authorizer = stack.startAuthorizer("kms", throughGate);
        payments = stack.startGuardedPayments(throughGate);
        return this;
    }

    /** An allowed payment through both, as API Gateway chains them (each answered 2xx); its execution id, the writ's {@code jti}. */
    @SuppressWarnings("unchecked")
    String allowedCall() {
        PackagedFunction.Invocation authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as(authorized.body()).isEqualTo(200);
        Map<String, Object> response = authorized.json();
        PackagedFunction.Invocation paid = payments.invoke(RuntimeEvents.paymentsRequest(response, 120));
        assertThat(paid.json().get("statusCode")).as(paid.body()).isEqualTo(201);
        return (String) ((Map<String, Object>) response.get("context")).get("jti");
    }

    @Override
    public void close() {
        Processes.closeAll(payments, authorizer, gate, stack);
    }
}
