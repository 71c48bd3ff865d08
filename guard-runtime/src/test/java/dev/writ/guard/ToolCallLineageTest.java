package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.guard.lineage.internal.LineageItems;
import dev.writ.guard.tool.ToolCall;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The records of a tool call name the tool ({@code tool}): the verification and the outcome the
 * verified name, a denial the name the refused call gave. The writ carries only the name's digest,
 * so without it an auditor would see the Cedar action alone, or for a refusal nothing. Other
 * calls' records carry no {@code tool}.
 */
class ToolCallLineageTest {

    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).lineage(draft -> {
                appended.add(draft);
                return null;
            }).build());

    @Test
    void aToolCallsVerificationNamesTheToolItsWritWasIssuedFor() {
        String body = ToolGuardMcpTest.call("refund_payment", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND));
        APIGatewayProxyResponseEvent response = postMcp(body);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(appended.get(0).type()).isEqualTo(LineageRecord.Type.VERIFICATION);
        assertThat(appended.get(0).text()).containsEntry(Field.TOOL, "refund_payment");
    }

    private APIGatewayProxyResponseEvent postMcp(String body) {
        return postMcp(body, new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{}"));
    }

    /** {@code body} posted to a server that answers {@code answer}. */
    private APIGatewayProxyResponseEvent postMcp(String body, APIGatewayProxyResponseEvent answer) {
        return ToolGuard.of(guard).handleMcp(GuardEvents.mcpPost(body, e -> { }), new TestContext(FUNCTION), (in, c, writ) -> answer);
    }

    private void assertOutcome(String decision, String reason) {
        LineageRecord.Draft outcome = appended.get(appended.size() - 1);
        assertThat(outcome.type()).isEqualTo(LineageRecord.Type.OUTCOME);
        assertThat(outcome.text()).containsEntry(Field.DECISION, decision);
        assertThat(outcome.text().get(Field.REASON)).startsWith((reason == null ? "" : reason) + "duration_ms=");
    }

    /**
     * The outcome tells what the server answered: a refusal (an HTTP status of 400 or more, a
     * JSON-RPC error, an MCP tool result with {@code isError}) is {@code error} with why, not {@code success}.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "200|{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[]}}|success|",
        "400|{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32020,\"message\":\"Header mismatch\"}}|error|'status=400 '",
        "200|{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"bad\"}}|error|'jsonrpc_error=-32602 '",
        "200|{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[],\"isError\":true}}|error|'tool_error '",
        "200|{\"error\":\"not JSON-RPC, a member named error\"}|success|",
        "500|oops|error|'status=500 '"})
    void theOutcomeOfAToolCallSaysWhatTheServerAnswered(int status, String answer, String decision, String reason) {
        postMcp(ToolGuardMcpTest.call("refund_payment", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND)),
                new APIGatewayProxyResponseEvent().withStatusCode(status).withBody(answer));

        assertOutcome(decision, reason);
    }

    /** A streamed answer (SSE) is read as the client reads it: its response event decides, not the notifications before it. */
    @Test
    void aStreamedAnswerWhoseResponseIsAnErrorIsRecordedAsAnError() {
        String stream = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n"
                + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[],\"isError\":true}}\n\n";
        postMcp(ToolGuardMcpTest.call("refund_payment", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND)),
                new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(Map.of("Content-Type", "text/event-stream"))
                        .withBody(stream));

        assertOutcome("error", "tool_error ");
    }

    @Test
    void aBase64AnswerIsReadDecoded() {
        String error = "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32603,\"message\":\"Internal error\"}}";
        postMcp(ToolGuardMcpTest.call("refund_payment", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND)),
                new APIGatewayProxyResponseEvent().withStatusCode(200).withIsBase64Encoded(true)
                        .withBody(Base64.getEncoder().encodeToString(error.getBytes(StandardCharsets.UTF_8))));

        assertOutcome("error", "jsonrpc_error=-32603 ");
    }

    @Test
    void anAgentCoreToolResultWithIsErrorIsRecordedAsAnError() {
        String tool = "LambdaUsingSDK___get_order_tool";
        Map<String, Object> arguments = Map.of("orderId", "o-1");
        Map<String, Object> event = new HashMap<>(arguments);
        event.put("_writ", ToolGuardMcpTest.toolWrit(tool, arguments));
        ToolGuard.of(guard).handleAgentCore(event, new TestContext(FUNCTION, Map.of("bedrockAgentCoreToolName", tool)),
                (call, c, writ) -> Map.of("content", List.of(Map.of("type", "text", "text", "no such order")), "isError", true));

        assertOutcome("error", "tool_error ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAILURE", "REPROMPT"})
    void aBedrockActionGroupsFailedResponseIsRecordedAsAnError(String state) {
        Map<String, Object> event = Json.parseObject(GuardEvents.json("tools/bedrock-agent-function", e -> Events.child(e,
                "promptSessionAttributes").put("writ", ToolGuardMcpTest.toolWrit("submitVacationRequest",
                Map.of("startDate", "2024-03-15", "endDate", "2024-03-20")))));
        ToolGuard.of(guard).handleBedrockAgent(event, new TestContext(FUNCTION), (e, c, writ) -> Map.of("messageVersion", "1.0",
                "response", Map.of("actionGroup", "VacationsActionGroup", "function", "submitVacationRequest",
                        "functionResponse", Map.of("responseState", state, "responseBody", Map.of("TEXT", Map.of("body", "no days left"))))));

        assertOutcome("error", "response_state=" + state + " ");
    }

    @Test
    void theOutcomeOfAToolThatRanNamesTheTool() {
        APIGatewayProxyResponseEvent response = postMcp(
                ToolGuardMcpTest.call("refund_payment", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND)));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(appended).extracting(LineageRecord.Draft::type)
                .containsExactly(LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME);
        assertThat(appended.get(1).text()).containsEntry(Field.TOOL, "refund_payment").containsEntry(Field.DECISION, "success");
    }

    @Test
    void aRefusedToolCallsDenialNamesTheToolTheCallAskedFor() {
        // A prompt-injected call of another tool with a writ issued for refund_payment.
        APIGatewayProxyResponseEvent response = postMcp(
                ToolGuardMcpTest.call("purge_payments", REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND)));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(appended).singleElement().satisfies(denial -> {
            assertThat(denial.type()).isEqualTo(LineageRecord.Type.DENIAL);
            assertThat(denial.text()).containsEntry(Field.TOOL, "purge_payments").containsEntry(Field.REASON, "REQUEST_MISMATCH");
        });
    }

    @Test
    void aBedrockAgentsRefusalNamesItsFunctionUnlessTheNameIsOverTheBound() {
        Map<String, Object> event = Json.parseObject(GuardEvents.json("tools/bedrock-agent-function", e -> { }));
        ToolGuard.of(guard).handleBedrockAgent(event, new TestContext(FUNCTION), (e, c, writ) -> Map.of());
        assertThat(appended).singleElement().satisfies(denial -> assertThat(denial.text())
                .containsEntry(Field.TOOL, "submitVacationRequest").containsEntry(Field.REASON, "MISSING_WRIT"));
        appended.clear();

        // The name is the caller's and an action-group event does not bound it: an oversized one is left out, not written.
        event.put("function", "f".repeat(ToolCall.MAX_RECORDED_NAME_BYTES + 1));
        ToolGuard.of(guard).handleBedrockAgent(event, new TestContext(FUNCTION), (e, c, writ) -> Map.of());
        assertThat(appended).singleElement().satisfies(denial -> assertThat(denial.text())
                .doesNotContainKey(Field.TOOL).containsEntry(Field.REASON, "MISSING_WRIT"));
    }

    @Test
    void anotherCallsDenialHasNoTool() {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", e -> { }));
        APIGatewayProxyResponseEvent response = guard.handle(event, new TestContext(FUNCTION),
                (in, c, w) -> new APIGatewayProxyResponseEvent().withStatusCode(200));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(appended).singleElement().satisfies(denial -> assertThat(denial.text()).doesNotContainKey(Field.TOOL));
    }

    @Test
    void anotherCallsVerificationHasNoTool() {
        String writ = Fixtures.token(Fixtures.validWrit().build());
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy",
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", writ)));
        APIGatewayProxyResponseEvent response = guard.handle(event, new TestContext(FUNCTION),
                (in, c, w) -> new APIGatewayProxyResponseEvent().withStatusCode(200));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(appended).extracting(LineageRecord.Draft::type)
                .containsExactly(LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME);
        assertThat(appended).allSatisfy(record -> assertThat(record.text()).doesNotContainKey(Field.TOOL));
    }

    @Test
    void theToolIsStoredHashedAndReadBackAsAnyOtherField() {
        LineageRecord r = LineageRecord.seal("payments-mcp#0", 0, "0".repeat(64), LineageRecord.draft(LineageRecord.Type.VERIFICATION)
                .ts(1).function("payments-mcp").execId("w1").decision("allow").tool("refund_payment").build());

        assertThat(r.toJson()).contains("\"tool\":\"refund_payment\"");
        assertThat(LineageRecord.fromJson(r.toJson())).isEqualTo(r).satisfies(back -> assertThat(back.tool()).contains("refund_payment"));
        assertThat(LineageRecord.fromItem(LineageItems.toItem(r))).isEqualTo(r);
        assertThat(LineageRecord.fromJson(r.toJson().replace("refund_payment", "purge_payments")).hashIsValid())
                .as("the tool is part of the hash input").isFalse();
    }
}
