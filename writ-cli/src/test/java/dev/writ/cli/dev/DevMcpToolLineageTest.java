package dev.writ.cli.dev;

import static dev.writ.cli.dev.DevMcpAgent.call;
import static dev.writ.cli.dev.DevMcpAgent.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.ChainVerdict;
import dev.writ.audit.VerifyProgress;
import dev.writ.guard.lineage.LineageRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an auditor reads back of an agent's tool calls in {@code writ dev}: the MCP Java SDK's
 * client through the REST gateway emulation, the real authorizer and the guarded server, lineage
 * in DynamoDB Local, verified by the auditor's chain verification. The guard's denial of a refused
 * call and the outcome of a call that ran name the tool ({@code tool}).
 */
class DevMcpToolLineageTest {
    private static DevStack stack;
    private static DevServer server;

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 1);
        server = DevServer.start(stack, 0, 2, new PrintWriter(new StringWriter()));
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    /** Every record of the function chains, each verified by the auditor's chain verification (which must find every chain intact). */
    private static List<LineageRecord> verifiedRecords() {
        List<LineageRecord> records = new ArrayList<>();
        stack.checkpoint(); // with the checkpoint key, only a checkpointed lineage can be intact
        List<ChainVerdict> verdicts = stack.audit().verifyAll(VerifyProgress.none(), records::add);
        assertThat(verdicts).allMatch(ChainVerdict::intact);
        return records;
    }

    @Test
    void aPromptInjectedCallOfAnotherToolLeavesADenialNamingTheToolItAskedFor() throws Exception {
        String admin = DevHttp.token(stack, "root");
        String listWrit = DevMcpAgent.writFor(server, admin, "list_payments", Map.of());

        assertThatThrownBy(() -> call(DevMcpAgent.client(server, admin), "purge_payments", Map.of("before", "2027-01-01"), listWrit))
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");

        assertThat(verifiedRecords()).filteredOn(r -> r.type() == LineageRecord.Type.DENIAL
                        && r.function().orElse("").equals(DevStack.MCP) && r.reason().orElse("").equals("REQUEST_MISMATCH"))
                .singleElement().satisfies(denial -> assertThat(denial.tool()).contains("purge_payments"));
    }

    @Test
    void aToolThatRanLeavesAnOutcomeNamingIt() throws Exception {
        String clerk = DevHttp.token(stack, "carl");
        call(DevMcpAgent.client(server, clerk), "refund_payment", refund(120),
                DevMcpAgent.writFor(server, clerk, "refund_payment", refund(120)));

        assertThat(verifiedRecords()).filteredOn(r -> r.type() == LineageRecord.Type.OUTCOME
                        && r.function().orElse("").equals(DevStack.MCP) && r.tool().orElse("").equals("refund_payment"))
                .singleElement().satisfies(outcome -> assertThat(outcome.decision()).contains("success"));
    }
}
