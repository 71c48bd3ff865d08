package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.writ.audit.Completeness;
import dev.writ.testsupport.Emulators;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged authorizer and guarded function write their deferred lineage records after the
 * response, through the {@code writ-lineage} internal extension, under the runtime emulator (with
 * the relay holding each next invocation for the extension, as Lambda does). Both functions reach
 * DynamoDB Local through a {@link LineageGate} that can hold back the writes of one record type.
 */
class LineageAfterResponseIT {
    private WritStack stack;
    private LineageGate gate;
    private PackagedFunction authorizer;
    private PackagedFunction payments;
    private final DynamoDbClient dynamo = Emulators.dynamoDb();
    private ExecutionLineage lineage;

    @BeforeEach
    void start() throws Exception {
        stack = WritStack.create();
        lineage = new ExecutionLineage(dynamo, stack.lineageTable());
        gate = new LineageGate(System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", System.getenv("AWS_ENDPOINT_URL")));
        Map<String, String> throughGate = Map.of("AWS_ENDPOINT_URL_DYNAMODB", gate.endpoint());
        authorizer = stack.startAuthorizer("kms", throughGate);
        payments = stack.startGuardedPayments(throughGate);
    }

    @AfterEach
    void stop() {
        // Closing the gate drops what it still holds, unwritten.
        Processes.closeAll(payments, authorizer, gate, stack);
    }

    private String allowedCall() {
        return AllowedCall.run(stack, authorizer, payments);
    }

    @Test
    void theAnswersComeBeforeTheirDecisionAndOutcomeRecordsWhichAreWrittenWithinTheInvocation() throws Exception {
        allowedCall(); // init, JIT and the first writes out of the way
        gate.hold("decision");
        PackagedFunction.Invocation authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as("answered while its decision record is held").isEqualTo(200);
        assertThat(gate.awaitHeld(1)).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) authorized.json().get("context");
        String jti = (String) context.get("jti");
        assertThat(lineage.types(jti)).as("not written while held").isEmpty();
        gate.release();
        assertThat(lineage.awaitTypes(jti, 1)).as("written once released").containsExactly("decision");

        gate.hold("outcome");
        PackagedFunction.Invocation paid = payments.invoke(RuntimeEvents.paymentsRequest(authorized.json(), 120));
        assertThat(paid.json().get("statusCode")).as("answered while its outcome record is held").isEqualTo(201);
        assertThat(gate.awaitHeld(2)).isEqualTo(2);
        assertThat(lineage.types(jti)).as("only the verification was waited for").containsExactlyInAnyOrder("decision", "verification");
        gate.release();

        assertThat(lineage.awaitTypes(jti, 3)).containsExactlyInAnyOrder("decision", "verification", "outcome");
        assertThat(payments.output() + authorizer.output()).doesNotContain("lineage extension not registered");
        // The next invocation of each still runs: the extensions asked for their next events.
        lineage.awaitTypes(allowedCall(), 3);
    }

    @Test
    void aFunctionKilledBetweenItsResponseAndTheOutcomeWriteIsNamedByTheAuditor() throws Exception {
        allowedCall();
        gate.hold("outcome");
        String jti = allowedCall();
        assertThat(gate.awaitHeld(1)).as("the outcome write is in flight").isEqualTo(1);
        payments.kill();

        assertThat(lineage.types(jti)).containsExactlyInAnyOrder("decision", "verification");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        lineage.records().forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, jti));
    }

    @Test
    void anAuthorizerKilledBetweenItsAnswerAndItsDecisionWriteIsNamedByTheAuditorWhenAGuardVerifiesItsWrit() throws Exception {
        lineage.awaitTypes(allowedCall(), 3);
        gate.hold("decision");
        PackagedFunction.Invocation authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as("answered while its decision record is held").isEqualTo(200);
        assertThat(gate.awaitHeld(1)).as("the decision write is in flight").isEqualTo(1);
        authorizer.kill();

        PackagedFunction.Invocation paid = payments.invoke(RuntimeEvents.paymentsRequest(authorized.json(), 120));
        assertThat(paid.json().get("statusCode")).as("the writ itself is valid: " + paid.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        String jti = (String) ((Map<String, Object>) authorized.json().get("context")).get("jti");
        assertThat(lineage.awaitTypes(jti, 2)).containsExactlyInAnyOrder("verification", "outcome");

        Completeness completeness = new Completeness(Long.MAX_VALUE);
        lineage.records().forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_DECISION, jti));
    }
}
