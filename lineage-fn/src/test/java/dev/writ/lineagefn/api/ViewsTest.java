package dev.writ.lineagefn.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.LineageRecord;
import org.junit.jupiter.api.Test;

/** The auditor API's view of a record shows the tool a tool call named, and no {@code tool} for any other record. */
class ViewsTest {
    private static final String ZERO = "0".repeat(64);

    private static LineageRecord verification(String tool) {
        return LineageRecord.seal("payments-mcp#0", 0, ZERO, LineageRecord.draft(LineageRecord.Type.VERIFICATION).ts(1)
                .function("payments-mcp").execId("w1").action("Payments::Action::\"Refund\"").decision("allow").tool(tool).build());
    }

    @Test
    void aToolCallsRecordShowsItsToolBesideTheAction() {
        assertThat(Views.record(verification("refund_payment"))).containsEntry("tool", "refund_payment")
                .containsEntry("action", "Payments::Action::\"Refund\"").containsEntry("hashValid", true);
    }

    @Test
    void anotherRecordHasNoTool() {
        assertThat(Views.record(verification(null))).doesNotContainKey("tool");
    }
}
