package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A transaction with an allowed hop, a hop the exchange refused and a call the guard stopped: the
 * records as {@code writ demo} writes them, in time order.
 */
class TransactionTreeTest {
    private static final String ZERO = "0".repeat(64);
    private final List<LineageAudit.IndexedRecord> records = new ArrayList<>();
    private long ts = 1_700_000_000_000L;

    private void add(String chain, long seq, LineageRecord.Type type, String function, String execId, String par,
                     String decision, String reason, String action) {
        LineageRecord.Draft draft = LineageRecord.draft(type).ts(ts++).function(function).execId(execId).transaction("t-1")
                .parent(par).decision(decision).reason(reason).action(action).build();
        records.add(new LineageAudit.IndexedRecord(LineageRecord.seal(chain, seq, ZERO, draft), true, Optional.empty()));
    }

    @Test
    void hopsRefusedHopsAndBlockedCallsSitUnderTheExecutionThatMadeThem() {
        add("authorizer#0", 3, LineageRecord.Type.DECISION, "authorizer", "p", null, "allow", "ALLOWED", "Payments::Action::\"CreatePayment\"");
        add("payments-write#0", 7, LineageRecord.Type.VERIFICATION, "payments-write", "p", null, "allow", null, null);
        add("writ-exchange#0", 4, LineageRecord.Type.EXCHANGE, "writ-exchange", "c", "p", "allow", "ALLOWED", "Payments::Action::\"InvokeLedger\"");
        add("ledger-post#0", 2, LineageRecord.Type.VERIFICATION, "ledger-post", "c", "p", "allow", null, null);
        add("writ-exchange#0", 5, LineageRecord.Type.EXCHANGE, "writ-exchange", null, "p", "deny", "POLICY_DENY determining=none",
                "Payments::Action::\"SendPaymentEvent\"");
        add("payments-write#0", 8, LineageRecord.Type.DENIAL, "payments-write", "p", null, "deny", "OUT_OF_SCOPE", "lambda:InvokeFunction");
        add("payments-write#0", 9, LineageRecord.Type.OUTCOME, "payments-write", "p", null, "success", "duration_ms=3", null);

        List<Map<String, Object>> tree = TransactionTree.of(records);

        assertThat(tree).hasSize(1);
        Map<String, Object> root = tree.get(0);
        assertThat(root).containsEntry("execId", "p").containsEntry("function", "payments-write").containsEntry("decision", "allow")
                .containsEntry("verified", true);
        assertThat(root.get("records")).isEqualTo(List.of("authorizer#0:3", "payments-write#0:7", "payments-write#0:8", "payments-write#0:9"));
        assertThat(Json.write(root.get("blockedCalls"))).contains("\"record\":\"payments-write#0:8\"")
                .contains("\"action\":\"lambda:InvokeFunction\"").contains("\"reason\":\"OUT_OF_SCOPE\"");
        assertThat(Json.write(root.get("refusedHops"))).contains("\"record\":\"writ-exchange#0:5\"")
                .contains("\"decidedBy\":\"writ-exchange\"").contains("\"reason\":\"POLICY_DENY determining=none\"");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> children = (List<Map<String, Object>>) root.get("children");
        // The exchange's record comes first, but the execution ran in ledger-post.
        assertThat(children).singleElement().satisfies(c -> assertThat(c).containsEntry("execId", "c")
                .containsEntry("function", "ledger-post").containsEntry("par", "p")
                .containsEntry("records", List.of("writ-exchange#0:4", "ledger-post#0:2")));
    }

    @Test
    void aRefusedHopWhoseAskerHasNoRecordIsShownNotLost() {
        add("writ-exchange#0", 0, LineageRecord.Type.EXCHANGE, "writ-exchange", null, "gone", "deny", "DEPTH_EXCEEDED", null);
        assertThat(Json.write(TransactionTree.of(records))).contains("\"execId\":\"gone\"").contains("\"missing\":true")
                .contains("DEPTH_EXCEEDED");
    }

    @Test
    void executionsWhoseParentsFormACycleAreStillShown() {
        add("a#0", 0, LineageRecord.Type.VERIFICATION, "a", "x", "y", "allow", null, null);
        add("b#0", 0, LineageRecord.Type.VERIFICATION, "b", "y", "x", "allow", null, null);
        assertThat(Json.write(TransactionTree.of(records))).contains("\"execId\":\"x\"").contains("\"execId\":\"y\"");
    }

    @Test
    void everyDecisionOfAnAgentSessionIsListedInOrderWithWhatTheGuardDidRefusedCallsIncluded() {
        String refund = "Payments::Action::\"refund_payment\"";
        // Recorded out of time order (as the API returns them: by chain), listed by ts.
        long start = ts;
        ts = start + 5;
        add("payments-mcp#0", 2, LineageRecord.Type.DENIAL, "payments-mcp", "w1", null, "deny", "REPLAYED", refund);
        ts = start;
        add("authorizer#0", 0, LineageRecord.Type.DECISION, "authorizer", "w1", null, "allow", "ALLOWED", refund);
        add("payments-mcp#0", 0, LineageRecord.Type.VERIFICATION, "payments-mcp", "w1", null, "allow", null, refund);
        add("payments-mcp#0", 1, LineageRecord.Type.OUTCOME, "payments-mcp", "w1", null, "success", "duration_ms=2", null);
        add("authorizer#0", 1, LineageRecord.Type.DECISION, "authorizer", null, null, "deny", "POLICY_DENY", refund);
        add("authorizer#0", 2, LineageRecord.Type.DECISION, "authorizer", null, null, "deny", "POLICY_DENY",
                "Payments::Action::\"purge_payments\"");

        List<Map<String, Object>> decisions = TransactionTree.decisions(records);

        assertThat(decisions).extracting(d -> d.get("name") + " " + d.get("decision") + " " + d.get("reason") + " " + d.get("guard"))
                .containsExactly("refund_payment allow ALLOWED [verification, outcome duration_ms=2, denial REPLAYED]",
                        "refund_payment deny POLICY_DENY null", "purge_payments deny POLICY_DENY null");
        assertThat(decisions.get(1)).containsEntry("record", "authorizer#0:1").containsEntry("decidedBy", "authorizer")
                .containsEntry("action", refund).containsEntry("verified", true).doesNotContainKey("execId");
        // The tree itself has one execution: the refused calls started none.
        assertThat(TransactionTree.of(records)).singleElement().satisfies(e -> assertThat(e).containsEntry("execId", "w1"));
    }

    @Test
    void aDecisionsNameIsItsActionsIdUnescapedOrTheWholeActionWhenItIsNoCedarUid() {
        add("authorizer#0", 0, LineageRecord.Type.DECISION, "authorizer", null, null, "deny", "POLICY_DENY", "A::Action::\"say \\\"hi\\\"\"");
        add("authorizer#0", 1, LineageRecord.Type.DECISION, "authorizer", null, null, "deny", "NO_TOKEN", "not-a-uid");
        assertThat(TransactionTree.decisions(records)).extracting(d -> d.get("name")).containsExactly("say \"hi\"", "not-a-uid");
    }

    private static final String REFUND = "Payments::Action::\"refund_payment\"";
    private static final String AGENT = "arn:aws:iam::123456789012:role/support-agent";

    /** A tool call's decision as the authorizer writes it (Authorizer.record), and the guard's verification of its writ. */
    private void toolCall(String chainSeq, String subject, String agent, String execId) {
        String[] at = chainSeq.split(":");
        records.add(new LineageAudit.IndexedRecord(LineageRecord.seal(at[0], Long.parseLong(at[1]), ZERO,
                LineageRecord.draft(LineageRecord.Type.DECISION).ts(ts++).function("authorizer").execId(execId).transaction("t-1")
                        .principal(subject).action(REFUND).resource("Payments::Tool::\"refund_payment\"").tool("refund_payment")
                        .agent(agent).decision(execId == null ? "deny" : "allow").reason(execId == null ? "POLICY_DENY" : "ALLOWED")
                        .bundle("payments-api@1#abc").build()), true, Optional.empty()));
        if (execId != null) {
            records.add(new LineageAudit.IndexedRecord(LineageRecord.seal("payments-mcp#0", Long.parseLong(at[1]), ZERO,
                    LineageRecord.draft(LineageRecord.Type.VERIFICATION).ts(ts++).function("payments-mcp").execId(execId)
                            .transaction("t-1").principal(subject).action(REFUND).tool("refund_payment").decision("allow")
                            .bundle("payments-api@1#abc").build()), true, Optional.empty()));
        }
    }

    @Test
    void oneUsersSessionThroughOneAgentIsNotMixed() {
        toolCall("authorizer#0:0", "carl", AGENT, "w1");
        toolCall("authorizer#0:1", "carl", AGENT, null);
        // A hop's records name the subject too, never an agent.
        add("writ-exchange#0", 0, LineageRecord.Type.EXCHANGE, "writ-exchange", "c", "w1", "allow", "ALLOWED", null);
        assertThat(TransactionTree.mixed(records)).isEmpty();
    }

    @Test
    void aTransactionWhoseRecordsNameAnotherSubjectIsFlaggedNamingEachWithItsRecords() {
        toolCall("authorizer#0:0", "carl", AGENT, "w1");
        // An older writ, or a misconfigured issuer, let mallory's calls carry carl's txn.
        toolCall("authorizer#1:4", "mallory", AGENT, "w2");

        Map<String, Object> mixed = TransactionTree.mixed(records).orElseThrow();

        assertThat(mixed.get("subjects")).isEqualTo(Map.of("carl", List.of("authorizer#0:0", "payments-mcp#0:0"),
                "mallory", List.of("authorizer#1:4", "payments-mcp#0:4")));
        assertThat(mixed.get("agents")).isEqualTo(Map.of(AGENT, List.of("authorizer#0:0", "authorizer#1:4")));
    }

    @Test
    void oneUsersCallsThroughTwoAgentsAreFlaggedNamingTheAgents() {
        toolCall("authorizer#0:0", "carl", AGENT, "w1");
        toolCall("authorizer#0:1", "carl", "arn:aws:iam::123456789012:role/other-agent", null);

        Map<String, Object> mixed = TransactionTree.mixed(records).orElseThrow();

        assertThat(mixed.get("agents")).isEqualTo(Map.of(AGENT, List.of("authorizer#0:0"),
                "arn:aws:iam::123456789012:role/other-agent", List.of("authorizer#0:1")));
        assertThat(mixed.get("subjects")).isEqualTo(Map.of("carl", List.of("authorizer#0:0", "payments-mcp#0:0", "authorizer#0:1")));
    }

    @Test
    void aToolCallsDecisionIsNamedAfterItsToolWhateverItsActionIsCalled() {
        LineageRecord.Draft draft = LineageRecord.draft(LineageRecord.Type.DECISION).ts(ts).function("authorizer").transaction("t-1")
                .decision("deny").reason("POLICY_DENY").action("Payments::Action::\"Refund\"").tool("refund_payment").build();
        records.add(new LineageAudit.IndexedRecord(LineageRecord.seal("authorizer#0", 0, ZERO, draft), true, Optional.empty()));
        assertThat(TransactionTree.decisions(records)).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("name", "refund_payment").containsEntry("tool", "refund_payment")
                .containsEntry("action", "Payments::Action::\"Refund\""));
    }
}
