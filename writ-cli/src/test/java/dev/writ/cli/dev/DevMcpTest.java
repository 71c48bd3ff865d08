package dev.writ.cli.dev;

import static dev.writ.cli.dev.DevMcpAgent.call;
import static dev.writ.cli.dev.DevMcpAgent.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.json.Json;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code writ dev} serving examples/mcp-payments at {@code /mcp}, driven over loopback HTTP by the
 * MCP Java SDK's own client through the REST gateway emulation and the real authorizer; the agent
 * host (this test) gets a writ per tool call from {@code /tool-call} and sends it in {@code _meta}.
 */
class DevMcpTest {
    private static DevStack stack;
    private static DevServer server;
    private static final StringWriter LOG = new StringWriter();

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 2);
        server = DevServer.start(stack, 0, 2, new PrintWriter(LOG));
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    private static McpSyncClient agentFor(String bearer) {
        return DevMcpAgent.client(server, bearer);
    }

    private static HttpResponse<String> askFor(String bearer, String tool, Map<String, Object> arguments) throws Exception {
        return DevMcpAgent.askFor(server, bearer, tool, arguments);
    }

    private static String writFor(String bearer, String tool, Map<String, Object> arguments) throws Exception {
        return DevMcpAgent.writFor(server, bearer, tool, arguments);
    }

    private static String token(String user) {
        return DevHttp.token(stack, user);
    }

    @Test
    void aClerksAgentListsTheToolsAndRefundsWithinTheLimit() throws Exception {
        McpSyncClient agent = agentFor(token("carl"));
        assertThat(agent.tools().list().tools()).extracting(McpSchema.Tool::name)
                .containsExactly("list_payments", "create_payment", "refund_payment", "purge_payments");

        McpSchema.CallToolResult result = call(agent, "refund_payment", refund(120), writFor(token("carl"), "refund_payment", refund(120)));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carl"));
        assertThat(LOG.toString()).containsPattern("POST +/tool-call +carl +authorizer +200 ALLOWED")
                .containsPattern("POST +/mcp +carl +function +200 ALLOWED");
    }

    @Test
    void aRefundOverTheClerksLimitIsDeniedAtTheAuthorizer() throws Exception {
        HttpResponse<String> answer = askFor(token("carl"), "refund_payment", refund(501));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(answer.body())).containsEntry("reason", "POLICY_DENY").doesNotContainKey("writ");
    }

    @Test
    void anAdminToolIsDeniedAtTheAuthorizerAndWithAnotherCallsWritAtTheGuard() throws Exception {
        String admin = token("root");
        HttpResponse<String> purge = askFor(admin, "purge_payments", Map.of("before", "2027-01-01"));
        assertThat(purge.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(purge.body())).containsEntry("reason", "POLICY_DENY");

        String listWrit = writFor(admin, "list_payments", Map.of());
        assertThatThrownBy(() -> call(agentFor(admin), "purge_payments", Map.of("before", "2027-01-01"), listWrit))
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
        assertThat(LOG.toString()).containsPattern("POST +/mcp +root +guard +403 REQUEST_MISMATCH");
    }

    @Test
    void argumentsChangedAfterAuthorizationAreRequestMismatch() throws Exception {
        String writ = writFor(token("carl"), "refund_payment", refund(120));
        assertThatThrownBy(() -> call(agentFor(token("carl")), "refund_payment", refund(99_999), writ))
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
    }

    @Test
    void aMultiRoundTripRetryCarryingAnswersNoWritBindsIsRefusedBeforeTheToolRuns() throws Exception {
        // The writ decided a refund of 120; an answer to an input request (an amount the tool asked
        // for) would reach the tool undecided, so a tools/call carrying one does not run.
        String writ = writFor(token("carl"), "refund_payment", refund(120));
        Map<String, Object> answer = Map.of("action", "accept", "content", Map.of("amount", 5000));
        assertThatThrownBy(() -> agentFor(token("carl")).tool("refund_payment").arguments(refund(120))
                .inputResponses(Map.of("amount", answer)).meta(Map.of("dev.writ/writ", writ)).call())
                .hasMessageContaining("not bound by a writ");
        // The SDK's client surfaces the JSON-RPC error's message; the gateway's line has the status and code.
        assertThat(LOG.toString()).containsPattern("POST +/mcp +carl +guard +400 UNBOUND_PARAMS");
    }

    @Test
    void aToolCallReplayedIsRefused() throws Exception {
        McpSyncClient agent = agentFor(token("carl"));
        String writ = writFor(token("carl"), "create_payment", Map.of("amount", 40, "payee", "acme"));
        call(agent, "create_payment", Map.of("amount", 40, "payee", "acme"), writ);
        assertThatThrownBy(() -> call(agent, "create_payment", Map.of("amount", 40, "payee", "acme"), writ))
                .hasMessageContaining("403").hasMessageContaining("REPLAYED");
    }

    @Test
    void aCallWithoutAWritForItIsRefusedAndNoTokenStopsAtTheAuthorizer() {
        // A generic MCP client sends no per-call writ: the route's writ is not one for a tool call.
        assertThatThrownBy(() -> agentFor(token("carl")).tool("list_payments").arguments(Map.of()).call())
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
        assertThatThrownBy(() -> agentFor("not-a-token").tools().list()).hasMessageContaining("401");
    }

    @Test
    void aMalformedToolCallIsRefusedInJsonRpcAndLeavesADenialWithItsCode() throws Exception {
        HttpResponse<String> garbage = DevMcpAgent.postToolsCall(server, token("carl"), "{\"jsonrpc\":");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("-32700").contains("PARSE_ERROR");
        // The route's decision, then the guard's denial with the call's own code.
        assertThat(LOG.toString()).containsPattern("POST +/mcp +carl +guard +400 PARSE_ERROR +authorizer#\\d+:\\d+ payments-mcp#\\d+:\\d+");
    }

    @Test
    void theToolCallExchangeTakesOnlyPosts() throws Exception {
        HttpResponse<String> get = DevHttp.send(server, "GET", ToolCallEndpoint.PATH, token("carl"), Map.of());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(Json.parseObject(get.body())).containsEntry("reason", "BAD_REQUEST");
    }

    @Test
    void theBannerSaysWhereTheMcpServerIsAndHowToGetAWrit() {
        StringWriter banner = new StringWriter();
        DevCommand.printMcp(new PrintWriter(banner), server);
        assertThat(banner.toString()).contains(server.mcpUrl()).contains("POST " + server.toolCallUrl())
                .contains("params._meta[\"dev.writ/writ\"]");
    }
}
