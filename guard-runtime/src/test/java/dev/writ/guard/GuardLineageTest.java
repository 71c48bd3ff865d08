package dev.writ.guard;

import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import dev.writ.guard.writ.WritClaims;
import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageRecordAccess;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.writ.PolicyRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the guard appends to lineage, with a recording double of our own LineageRecorder interface. */
class GuardLineageTest {

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final List<String> ran = new ArrayList<>();
    private boolean lineageDown;
    private LineageUnavailableException.ReasonCode downAs = LineageUnavailableException.ReasonCode.UNREACHABLE;

    private final LineageRecorder recorder = draft -> {
        if (lineageDown) {
            throw new LineageUnavailableException(downAs, FUNCTION + "#0", "lineage down", null);
        }
        appended.add(draft);
        return null;
    };

    private final Guard guard = Guard.create(GuardConfig.builder()
            .verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream()))
            .lineage(recorder)
            .build());

    private static APIGatewayProxyRequestEvent event(String token) {
        return Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy",
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", token)));
    }

    private APIGatewayProxyResponseEvent call(String token) {
        return guard.handle(event(token), new TestContext(FUNCTION), (in, c, writ) -> {
            ran.add(writ.id());
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("ok");
        });
    }

    @Test
    void recordsVerificationBeforeAndOutcomeAfterTheHandlerWithOneExecId() {
        WritClaims writ = Fixtures.validWrit().parent("parent-jti")
                .policy(new PolicyRef("payments-api", 7, "abc123", List.of("p1"))).build();
        APIGatewayProxyResponseEvent response = call(Fixtures.token(writ));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(appended).extracting(LineageRecord.Draft::type)
                .containsExactly(LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME);
        assertThat(appended).allSatisfy(d -> {
            assertThat(d.execId()).contains(writ.id());
            assertThat(d.function()).contains(FUNCTION);
        });
        String verification = draftJson(appended.get(0));
        assertThat(verification).contains("\"txn\":\"txn-1\"").contains("\"par\":\"parent-jti\"")
                .contains("\"principal\":\"user-42\"").contains("\"bundle\":\"payments-api@7#abc123\"");
        String outcome = draftJson(appended.get(1));
        assertThat(outcome).contains("\"decision\":\"success\"").contains("duration_ms=").contains("\"payloadHash\":\"");
    }

    @Test
    void recordsEveryDenialWithItsReason() {
        call(Fixtures.token(Fixtures.validWrit().audience("someone-else").build()));
        call(null);
        assertThat(ran).isEmpty();
        assertThat(appended).extracting(LineageRecord.Draft::type)
                .containsExactly(LineageRecord.Type.DENIAL, LineageRecord.Type.DENIAL);
        assertThat(draftJson(appended.get(0))).contains("\"reason\":\"WRONG_AUDIENCE\"").contains("\"principal\":\"user-42\"");
        assertThat(draftJson(appended.get(1))).contains("\"reason\":\"MISSING_WRIT\"").doesNotContain("principal");
    }

    @Test
    void deniesWithLineageUnavailableWhenTheVerificationRecordCannotBeWritten() {
        lineageDown = true;
        APIGatewayProxyResponseEvent response = call(Fixtures.validToken());
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(response.getBody())).containsEntry("code", "LINEAGE_UNAVAILABLE");
        assertThat(ran).as("strict mode: no verification record, no execution").isEmpty();
    }

    /**
     * The outcome is written after the response; when that fails it is kept, and the next
     * invocation writes it first or is refused. Throttling is a double here (our recorder
     * interface answering THROTTLED): neither emulator can throttle.
     */
    @ParameterizedTest
    @EnumSource(value = LineageUnavailableException.ReasonCode.class, names = {"UNREACHABLE", "THROTTLED"})
    void anOutcomeNotWrittenAfterTheResponseRefusesTheNextInvocationUntilItIsWritten(LineageUnavailableException.ReasonCode cause) {
        downAs = cause;
        APIGatewayProxyResponseEvent answered = guard.handle(event(Fixtures.validToken()), new TestContext(FUNCTION), (in, c, writ) -> {
            ran.add(writ.id());
            lineageDown = true;
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("ok");
        });
        assertThat(answered.getStatusCode()).isEqualTo(200);
        assertThat(appended).extracting(LineageRecord.Draft::type).containsExactly(LineageRecord.Type.VERIFICATION);

        APIGatewayProxyResponseEvent refused = call(Fixtures.validToken());
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(refused.getBody())).containsEntry("code", "LINEAGE_UNAVAILABLE");
        assertThat(ran).hasSize(1);

        lineageDown = false;
        assertThat(call(Fixtures.validToken()).getStatusCode()).isEqualTo(200);
        assertThat(ran).hasSize(2);
        assertThat(appended).extracting(LineageRecord.Draft::type).as("the backlog first, then this invocation's records")
                .containsExactly(LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME, LineageRecord.Type.DENIAL,
                        LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME);
        assertThat(draftJson(appended.get(2))).contains("\"reason\":\"LINEAGE_UNAVAILABLE\"");
    }

    @Test
    void recordsAFailedHandlerAsAnErrorOutcome() {
        assertThatThrownBy(() -> guard.handle(event(Fixtures.validToken()), new TestContext(FUNCTION), (in, c, writ) -> {
            throw new IllegalStateException("handler bug");
        })).hasMessage("handler bug");
        assertThat(draftJson(appended.get(1))).contains("\"decision\":\"error\"")
                .contains("error=java.lang.IllegalStateException");
    }

    @Test
    void hashesWhatAStreamHandlerWrote() throws Exception {
        String token = Fixtures.token(Fixtures.validWrit().request(null).build());
        byte[] envelope = Json.writeBytes(Map.of("writ", token, "payload", Map.of("n", 1)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        guard.handleStream(new ByteArrayInputStream(envelope), out, new TestContext(FUNCTION),
                (in, o, c, writ) -> o.write("{\"done\":true}".getBytes(StandardCharsets.UTF_8)));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("{\"done\":true}".getBytes(StandardCharsets.UTF_8)));
        assertThat(draftJson(appended.get(1))).contains("\"payloadHash\":\"" + expected + "\"");
    }

    /** The draft's content as the record JSON the writer would seal (chain and seq placeholders). */
    private static String draftJson(LineageRecord.Draft draft) {
        return LineageRecordAccess.json(draft);
    }
}
