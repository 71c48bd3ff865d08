package dev.writ.cli.dev;

import static dev.writ.cli.dev.DevMcpAgent.call;
import static dev.writ.cli.dev.DevMcpAgent.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@code writ dev --api http} serving examples/mcp-payments at {@code /mcp}: the MCP Java SDK's own
 * client over loopback HTTP, through the HTTP API emulation (payload 2.0 authorizer event, payload
 * 2.0 integration event) and the real authorizer, to {@code PaymentsMcpHttpApiFunction}'s guard.
 */
class DevMcpHttpApiTest {
    private static DevStack stack;
    private static DevServer server;
    private static final StringWriter LOG = new StringWriter();

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 2);
        server = DevServer.start(stack, stack.httpGateway(), 0, 2, new PrintWriter(LOG));
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    private static String token(String user) {
        return DevHttp.token(stack, user);
    }

    @Test
    void aClerksAgentListsTheToolsAndRefundsWithinTheLimit() throws Exception {
        McpSyncClient agent = DevMcpAgent.client(server, token("carl"));
        assertThat(agent.tools().list().tools()).extracting(McpSchema.Tool::name)
                .containsExactly("list_payments", "create_payment", "refund_payment", "purge_payments");

        String writ = DevMcpAgent.writFor(server, token("carl"), "refund_payment", refund(120));
        McpSchema.CallToolResult result = call(agent, "refund_payment", refund(120), writ);

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carl"));
        assertThat(LOG.toString()).containsPattern("POST +/mcp +carl +function +200 ALLOWED");
    }

    @Test
    void argumentsChangedAfterAuthorizationAreRequestMismatchAtTheGuard() throws Exception {
        String writ = DevMcpAgent.writFor(server, token("carl"), "refund_payment", refund(120));
        assertThatThrownBy(() -> call(DevMcpAgent.client(server, token("carl")), "refund_payment", refund(99_999), writ))
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
        assertThat(LOG.toString()).containsPattern("POST +/mcp +carl +guard +403 REQUEST_MISMATCH");
    }

    @Test
    void noTokenStopsAtTheGateway() {
        assertThatThrownBy(() -> DevMcpAgent.client(server, "not-a-token").tools().list()).hasMessageContaining("403");
    }

    @Test
    void aMalformedToolCallIsRefusedInJsonRpc() throws Exception {
        HttpResponse<String> garbage = DevMcpAgent.postToolsCall(server, token("carl"), "{\"jsonrpc\":");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("-32700").contains("PARSE_ERROR");
        assertThat(LOG.toString()).containsPattern("POST +/mcp +carl +guard +400 PARSE_ERROR");
    }

    @Test
    void theBannerOfTheHttpApiFlavourSaysWhereTheMcpServerIs() {
        StringWriter banner = new StringWriter();
        DevCommand.printBanner(new PrintWriter(banner), stack, server, DevCommand.Flavour.http);
        assertThat(banner.toString()).contains("MCP server").contains(server.mcpUrl()).contains("POST " + server.toolCallUrl());
    }
}
