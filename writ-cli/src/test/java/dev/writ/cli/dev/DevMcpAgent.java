package dev.writ.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * An agent host against a running {@code writ dev}, whichever API flavour serves it: the MCP Java
 * SDK's own client at {@code /mcp} with a user's bearer token, and a writ per tool call from
 * {@code /tool-call}, sent in {@code _meta}.
 */
final class DevMcpAgent {
    static final String SESSION = "agent-session-dev";

    private DevMcpAgent() {
    }

    static McpSyncClient client(DevServer server, String bearer) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(server.mcpUrl())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) ->
                        headers.set("Authorization", "Bearer " + bearer)))
                .build();
        return McpClient.sync(transport).clientInfo(McpSchema.Implementation.builder("dev-agent", "0.1").build()).build();
    }

    /** What the agent host does before each call: {@code POST /tool-call} with the user's token. */
    static HttpResponse<String> askFor(DevServer server, String bearer, String tool, Map<String, Object> arguments)
            throws Exception {
        String body = Json.write(Map.of("tool", tool, "arguments", arguments, "txn", SESSION));
        return DevHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(server.toolCallUrl())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String writFor(DevServer server, String bearer, String tool, Map<String, Object> arguments) throws Exception {
        HttpResponse<String> answer = askFor(server, bearer, tool, arguments);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return (String) Json.parseObject(answer.body()).get("writ");
    }

    static McpSchema.CallToolResult call(McpSyncClient agent, String tool, Map<String, Object> arguments, String writ) {
        return agent.tool(tool).arguments(arguments).meta(Map.of("dev.writ/writ", writ)).call();
    }

    /** {@code body} posted to {@code /mcp} as a {@code tools/call}, past the SDK client (which sends only what it can write). */
    static HttpResponse<String> postToolsCall(DevServer server, String bearer, String body) throws Exception {
        return DevHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(server.mcpUrl()))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> refund(int amount) {
        return Map.of("payment_id", "p-7", "amount", amount);
    }
}
