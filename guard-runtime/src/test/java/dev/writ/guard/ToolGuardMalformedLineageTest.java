package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tool call too malformed to read a writ from is refused like any other invocation: a
 * {@code denial} record with the call's own code (no {@code execId}: there is no writ), written
 * when the call ends, for MCP, AgentCore Gateway and Bedrock Agents alike.
 */
class ToolGuardMalformedLineageTest {

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).lineage(draft -> {
                appended.add(draft);
                return null;
            }).build()));
    private boolean ran;

    private void mcp(String body) {
        guard.handleMcp(GuardEvents.mcpPost(body, e -> { }), new TestContext(FUNCTION), (in, c, writ) -> {
            ran = true;
            return new APIGatewayProxyResponseEvent().withStatusCode(200);
        });
    }

    /** The one record the refusal appended: a denial of {@link Fixtures#FUNCTION} with {@code code}, naming no execution. */
    private void assertOneDenial(String code) {
        assertThat(ran).as("the tool must not run").isFalse();
        assertThat(appended).singleElement().satisfies(draft -> {
            assertThat(draft.type()).isEqualTo(LineageRecord.Type.DENIAL);
            assertThat(draft.function()).contains(FUNCTION);
            assertThat(draft.execId()).isEmpty();
            assertThat(draft.text()).containsEntry(Field.REASON, code)
                    .containsEntry(Field.DECISION, "deny");
        });
        appended.clear();
    }

    @Test
    void everyMalformedMcpRequestLeavesADenialWithItsCode() {
        mcp("{\"jsonrpc\":");
        assertOneDenial("PARSE_ERROR");
        mcp("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]");
        assertOneDenial("BATCH_FORBIDDEN");
        mcp("{\"id\":2,\"method\":\"tools/call\"}");
        assertOneDenial("INVALID_REQUEST");
        mcp("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}");
        assertOneDenial("MISSING_TOOL_NAME");
        mcp("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"refund_payment\",\"arguments\":[1]}}");
        assertOneDenial("INVALID_ARGUMENTS");
        mcp(Json.write(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call",
                "params", Map.of("name", "refund_payment", "arguments", Map.of("memo", "x".repeat(70_000))))));
        assertOneDenial("TOO_LARGE");
    }

    @Test
    void malformedAgentCoreAndBedrockAgentEventsLeaveADenialWithTheirCode() {
        Map<String, String> noToolName = new HashMap<>();
        guard.handleAgentCore(Map.of("orderId", "o-1"), new TestContext(FUNCTION, noToolName), (call, c, writ) -> {
            ran = true;
            return Map.of();
        });
        assertOneDenial("MISSING_TOOL_NAME");

        guard.handleBedrockAgent(Map.of("messageVersion", "1.0", "actionGroup", "payments"), new TestContext(FUNCTION),
                (e, c, writ) -> {
                    ran = true;
                    return Map.of();
                });
        assertOneDenial("MISSING_TOOL_NAME");
    }
}
