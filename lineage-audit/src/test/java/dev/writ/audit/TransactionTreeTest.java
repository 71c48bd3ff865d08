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
}
