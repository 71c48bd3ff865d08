package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code outcome} record tells what user code answered: a refusal (an HTTP status of 400 or
 * more, a JSON-RPC error, an MCP tool result with {@code isError}) is {@code error} with why, not
 * {@code success}.
 */
class OutcomeDecisionTest {

    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).lineage(draft -> {
                appended.add(draft);
                return null;
            }).build());

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "200|{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[]}}|success|",
        "400|{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32020,\"message\":\"Header mismatch\"}}|error|'status=400 '",
        "200|{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"bad\"}}|error|'jsonrpc_error=-32602 '",
        "200|{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[],\"isError\":true}}|error|'tool_error '",
        "200|{\"error\":\"not JSON-RPC, a member named error\"}|success|",
        "500|oops|error|'status=500 '"})
    void theOutcomeOfAToolCallSaysWhatTheServerAnswered(int status, String body, String decision, String reason) {
        String call = ToolGuardMcpTest.call("refund_payment", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND));
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", e -> {
            e.put("path", "/mcp");
            e.put("body", call);
            GuardEvents.mcpHeaders(e, call);
        }));
        ToolGuard.of(guard).handleMcp(event, new TestContext(FUNCTION),
                (in, c, writ) -> new APIGatewayProxyResponseEvent().withStatusCode(status).withBody(body));

        LineageRecord.Draft outcome = appended.get(appended.size() - 1);
        assertThat(outcome.type()).isEqualTo(LineageRecord.Type.OUTCOME);
        assertThat(outcome.text()).containsEntry(Field.DECISION, decision);
        assertThat(outcome.text().get(Field.REASON)).startsWith((reason == null ? "" : reason) + "duration_ms=");
    }
}
