package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.FunctionDeployment;
import dev.writ.authorizer.exchange.ToolCallExchange;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.guard.writ.Actor;
import dev.writ.testsupport.TestIdp;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tool-call exchange as an agent host meets it: the agent authenticated by IAM (its role, not
 * its session name), the user by the bearer token, the body strict; every answer JSON with a code,
 * a denial never naming the policies.
 */
class ToolCallExchangeTest {
    private static final String SESSION = "arn:aws:sts::123456789012:assumed-role/support-agent/any-name-it-likes";
    private static final String AGENT = "arn:aws:iam::123456789012:role/support-agent";
    private static final String REFUND = "{\"tool\":\"refund_payment\",\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120},\"txn\":\"s-1\"}";
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private final Authorizer authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10), new ByteArrayOutputStream()).build();
    private final ToolCallExchange exchange = new ToolCallExchange(authorizer, new FunctionDeployment("123456789012", "us-east-1",
            Map.of("payments-mcp", List.of("stack-PaymentsMcp-1AB2"))), Set.of("123456789012", "210987654321"));

    /** An authorizer whose lineage drafts land in {@code recorded}. */
    private static Authorizer recordingAuthorizer(List<LineageRecord.Draft> recorded) {
        return TestWorld.recording(idp, TestWorld.clockAt(TestWorld.MONDAY_10), recorded).build();
    }

    /** A tool-call exchange over {@code recording}, for this account only. */
    private static ToolCallExchange recordingExchange(Authorizer recording) {
        return new ToolCallExchange(recording, new FunctionDeployment("123456789012", "us-east-1", Map.of()), Set.of("123456789012"));
    }

    private String clerk() {
        return "Bearer " + idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
    }

    @Test
    void mintsAWritWhoseActorIsTheAgentsRole() {
        ExchangeResult result = exchange.exchange(REFUND, clerk(), SESSION);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.toJson()).containsOnlyKeys("writ", "exp", "txn");
        assertThat(result.child().orElseThrow().actor()).contains(Actor.of(AGENT));
        // The session's transaction, derived for this user and agent, answered so the host can read its session back.
        String txn = AgentSession.transaction(TestWorld.ISSUER, "carl", AGENT, "s-1");
        assertThat(result.child().orElseThrow().transaction()).contains(txn);
        assertThat(result.toJson()).containsEntry("txn", txn);
    }

    @Test
    void anotherUserOrAnotherAgentSendingTheSameSessionIdGetsAnotherTransaction() {
        Object carls = exchange.exchange(REFUND, clerk(), SESSION).toJson().get("txn");
        assertThat(exchange.exchange(REFUND, clerk(), "arn:aws:sts::123456789012:assumed-role/support-agent/another-name").toJson())
                .as("the same role under another session name is the same agent").containsEntry("txn", carls);
        String ada = "Bearer " + idp.token("ada", List.of("approver"), TestWorld.MONDAY_10);
        Object adas = exchange.exchange(REFUND, ada, SESSION).toJson().get("txn");
        Object otherAgents = exchange.exchange(REFUND, clerk(), "arn:aws:sts::123456789012:assumed-role/other-agent/s-1").toJson().get("txn");
        assertThat(List.of(carls, adas, otherAgents)).doesNotContainNull().doesNotHaveDuplicates();
        ExchangeResult sentBack = exchange.exchange(REFUND.replace("s-1", (String) carls), ada, SESSION);
        assertThat(sentBack.status()).isEqualTo(400);
        assertThat(sentBack.reason()).isEqualTo("BAD_REQUEST");
        assertThat(sentBack.message()).contains("txn");
    }

    @Test
    void theExchangesOwnRefusalsNameTheAgentWhenTheCallerIsARoleSession() {
        List<LineageRecord.Draft> recorded = new ArrayList<>();
        Authorizer recording = recordingAuthorizer(recorded);
        ToolCallExchange exchange = recordingExchange(recording);
        exchange.exchange(REFUND, clerk(), "arn:aws:sts::999999999999:assumed-role/support-agent/s-1");
        exchange.exchange("[]", clerk(), SESSION);
        exchange.exchange(REFUND, clerk(), "arn:aws:iam::123456789012:user/alice");
        ToolCallExchange.misconfigured(recording, "WRIT_EXCHANGE_ACCOUNT").exchange(REFUND, clerk(), SESSION);
        exchange.exchange(REFUND.replace("120", "501"), clerk(), SESSION);
        assertThat(recorded).extracting(d -> d.text().get(Field.REASON).split(" ")[0] + " " + d.text().get(Field.AGENT))
                .containsExactly("FOREIGN_AGENT arn:aws:iam::999999999999:role/support-agent", "BAD_REQUEST " + AGENT,
                        "NO_CALLER null", "MISCONFIGURED " + AGENT, "POLICY_DENY " + AGENT);
    }

    @Test
    void aForgedCallerIsRecordedCutToTheCallerLimit() {
        List<LineageRecord.Draft> recorded = new ArrayList<>();
        Authorizer recording = recordingAuthorizer(recorded);
        ToolCallExchange exchange = recordingExchange(recording);
        String forged = "arn:aws:iam::123456789012:user/" + "x".repeat(400_000);
        assertThat(exchange.exchange(REFUND, clerk(), forged).reason()).isEqualTo("NO_CALLER");
        assertThat(recorded).singleElement().satisfies(d -> assertThat(d.text().get(Field.REASON))
                .startsWith("NO_CALLER caller=arn:aws:iam::123456789012:user/xxx")
                .hasSizeLessThan(WritExchange.CALLER_LIMIT + 40));
    }

    @Test
    void refusesWithTheCodeAndStatusNeverThePolicies() {
        ExchangeResult over = exchange.exchange(REFUND.replace("120", "501"), clerk(), SESSION);
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.reason()).isEqualTo("POLICY_DENY");
        assertThat(Json.write(over.toJson())).doesNotContain("tool-");
        assertThat(exchange.exchange(REFUND.replace("\"amount\":120", "\"amount\":\"120\""), clerk(), SESSION).reason())
                .isEqualTo("BAD_REQUEST");
        assertThat(exchange.exchange(REFUND.replace("refund_payment", "drop_tables"), clerk(), SESSION).status()).isEqualTo(400);
        assertThat(exchange.exchange(REFUND, null, SESSION).status()).isEqualTo(401);
        assertThat(exchange.exchange(REFUND, "Bearer nope", SESSION).reason()).isEqualTo("BAD_TOKEN");
    }

    @Test
    void refusesAnAgentOfAnAccountItsAgentsMayNotComeFrom() {
        ExchangeResult foreign = exchange.exchange(REFUND, clerk(), "arn:aws:sts::999999999999:assumed-role/support-agent/s-1");
        assertThat(foreign.reason()).isEqualTo("FOREIGN_AGENT");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.message()).contains("999999999999", "WRIT_EXCHANGE_AGENT_ACCOUNTS");
        assertThat(foreign.child()).isEmpty();
        // Refused before its body or token is looked at: a foreign agent learns nothing of either.
        assertThat(exchange.exchange("not json", null, "arn:aws:sts::999999999999:assumed-role/support-agent/s-1").reason())
                .isEqualTo("FOREIGN_AGENT");
        ExchangeResult listed = exchange.exchange(REFUND, clerk(), "arn:aws:sts::210987654321:assumed-role/support-agent/s-1");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.child().orElseThrow().actor()).contains(Actor.of("arn:aws:iam::210987654321:role/support-agent"));
    }

    @Test
    void refusesACallerThatIsNotARoleSessionAndABodyThatIsNotTheContract() {
        assertThat(exchange.exchange(REFUND, clerk(), null).reason()).isEqualTo("NO_CALLER");
        assertThat(exchange.exchange(REFUND, clerk(), "arn:aws:iam::123456789012:user/alice").reason()).isEqualTo("NO_CALLER");
        for (String bad : new String[] {null, "", "[]", "{\"tool\":\"refund_payment\"}",
                "{\"tool\":\"refund_payment\",\"arguments\":[]}", REFUND.replace("\"txn\"", "\"agent\""),
                "{\"tool\":\"refund_payment\",\"arguments\":{\"memo\":\"" + "x".repeat(140_000) + "\"}}"}) {
            ExchangeResult result = exchange.exchange(bad, clerk(), SESSION);
            assertThat(result.reason()).as(String.valueOf(bad).substring(0, Math.min(40, String.valueOf(bad).length())))
                    .isEqualTo("BAD_REQUEST");
            assertThat(result.status()).isEqualTo(400);
        }
    }
}
