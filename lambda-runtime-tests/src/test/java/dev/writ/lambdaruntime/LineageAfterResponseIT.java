package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.writ.audit.Completeness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged authorizer and guarded function write their deferred lineage records after the
 * response, through the {@code writ-lineage} internal extension, under the runtime emulator (with
 * the relay holding each next invocation for the extension, as Lambda does). Both functions reach
 * DynamoDB Local through a {@link LineageGate} that can hold back the writes of one record type.
 */
class LineageAfterResponseIT {
    private final GatedPayments functions = new GatedPayments();

    @BeforeEach
    void start() throws Exception {
        functions.start();
    }

    @AfterEach
    void stop() {
        functions.close();
    }

    @Test
    void theAnswersComeBeforeTheirDecisionAndOutcomeRecordsWhichAreWrittenWithinTheInvocation() throws Exception {
        functions.allowedCall(); // init, JIT and the first writes out of the way
        functions.gate.hold("decision");
        PackagedFunction.Invocation authorized = functions.authorizer.invoke(RuntimeEvents.authorizerRequest(functions.stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as("answered while its decision record is held").isEqualTo(200);
        assertThat(functions.gate.awaitHeld(1)).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) authorized.json().get("context");
        String jti = (String) context.get("jti");
        assertThat(functions.lineage.types(jti)).as("not written while held").isEmpty();
        functions.gate.release();
        assertThat(functions.lineage.awaitTypes(jti, 1)).as("written once released").containsExactly("decision");

        functions.gate.hold("outcome");
        PackagedFunction.Invocation paid = functions.payments.invoke(RuntimeEvents.paymentsRequest(authorized.json(), 120));
        assertThat(paid.json().get("statusCode")).as("answered while its outcome record is held").isEqualTo(201);
        assertThat(functions.gate.awaitHeld(2)).isEqualTo(2);
        assertThat(functions.lineage.types(jti)).as("only the verification was waited for").containsExactlyInAnyOrder("decision", "verification");
        functions.gate.release();

        assertThat(functions.lineage.awaitTypes(jti, 3)).containsExactlyInAnyOrder("decision", "verification", "outcome");
        assertThat(functions.payments.output() + functions.authorizer.output()).doesNotContain("lineage extension not registered");
        // The next invocation of each still runs: the extensions asked for their next events.
        functions.lineage.awaitTypes(functions.allowedCall(), 3);
    }

    @Test
    void aFunctionKilledBetweenItsResponseAndTheOutcomeWriteIsNamedByTheAuditor() throws Exception {
        functions.allowedCall();
        functions.gate.hold("outcome");
        String jti = functions.allowedCall();
        assertThat(functions.gate.awaitHeld(1)).as("the outcome write is in flight").isEqualTo(1);
        functions.payments.kill();

        assertThat(functions.lineage.types(jti)).containsExactlyInAnyOrder("decision", "verification");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        functions.lineage.records().forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, jti));
    }

    @Test
    void anAuthorizerKilledBetweenItsAnswerAndItsDecisionWriteIsNamedByTheAuditorWhenAGuardVerifiesItsWrit() throws Exception {
        functions.lineage.awaitTypes(functions.allowedCall(), 3);
        functions.gate.hold("decision");
        PackagedFunction.Invocation authorized = functions.authorizer.invoke(RuntimeEvents.authorizerRequest(functions.stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as("answered while its decision record is held").isEqualTo(200);
        assertThat(functions.gate.awaitHeld(1)).as("the decision write is in flight").isEqualTo(1);
        functions.authorizer.kill();

        PackagedFunction.Invocation paid = functions.payments.invoke(RuntimeEvents.paymentsRequest(authorized.json(), 120));
        assertThat(paid.json().get("statusCode")).as("the writ itself is valid: " + paid.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        String jti = (String) ((Map<String, Object>) authorized.json().get("context")).get("jti");
        assertThat(functions.lineage.awaitTypes(jti, 2)).containsExactlyInAnyOrder("verification", "outcome");

        Completeness completeness = new Completeness(Long.MAX_VALUE);
        functions.lineage.records().forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_DECISION, jti));
    }
}
