package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged MCP server and what an agent host needs to call it, as the template deploys them:
 * examples/mcp-payments' jar with the guard-runtime layer ({@code PaymentsMcpFunction}, or for the
 * latency bench's baseline the same server without the guard, {@code UnguardedPaymentsMcp}), and
 * authorizer-fn's {@code ToolCallFunction} behind {@link ExchangeUrlStandIn} as the agent host's
 * role session (no SigV4 checked there, see that class). Events are the REST proxy events API
 * Gateway hands the server for {@code POST /mcp}.
 */
final class McpToolCalls implements AutoCloseable {
    static final String FUNCTION = "payments-mcp";
    /** The agent host's role session, as a function URL reports a SigV4 caller. */
    static final String AGENT_SESSION = "arn:aws:sts::" + HopChain.ACCOUNT + ":assumed-role/support-agent/agent-host";
    private static final String PROTOCOL = "2026-07-28";
    private static final int MEMORY_MB = 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final PackagedFunction exchange;
    private final ExchangeUrlStandIn url;

    private McpToolCalls(PackagedFunction exchange, ExchangeUrlStandIn url) {
        this.exchange = exchange;
        this.url = url;
    }

    /** The packaged tool-call exchange, reached as its function URL. */
    static McpToolCalls start(WritStack stack, String signingMode) throws Exception {
        PackagedFunction exchange = stack.startToolCallExchange(signingMode);
        try {
            return new McpToolCalls(exchange, new ExchangeUrlStandIn(exchange, AGENT_SESSION, HopChain.ACCOUNT));
        } catch (RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    /** examples/mcp-payments as deployed: its jar, the layer, the guard's variables for {@value #FUNCTION}. */
    static PackagedFunction startServer(WritStack stack) throws Exception {
        return PackagedFunction.start(new PackagedFunction.Spec("writ-payments-mcp", Packaging.mcpPaymentsJar(),
                "dev.writ.examples.mcp.PaymentsMcpFunction", true, MEMORY_MB, stack.guardEnv(FUNCTION), Map.of()));
    }

    /** The same server without the guard (the bench's baseline): the example's jar and this module's, the layer. */
    static PackagedFunction startUnguardedServer() throws Exception {
        return PackagedFunction.start(new PackagedFunction.Spec("writ-payments-mcp-unguarded",
                List.of(Packaging.mcpPaymentsJar(), Packaging.baselineJar()),
                "dev.writ.lambdaruntime.baseline.UnguardedPaymentsMcp", true, MEMORY_MB, Map.of(), Map.of()));
    }

    /** What the agent host does before a call: {@code POST {"tool","arguments","txn"}} with the user's token. */
    HttpResponse<String> ask(String token, String tool, Map<String, Object> arguments, String txn) throws Exception {
        String body = Json.write(Map.of("tool", tool, "arguments", arguments, "txn", txn));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url.url())).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The writ the exchange gives for this call; fails when it gives none. */
    String writFor(String token, String tool, Map<String, Object> arguments) throws Exception {
        HttpResponse<String> answer = ask(token, tool, arguments, "rt-session");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("no writ for " + tool + ": " + answer.statusCode() + " " + answer.body());
        }
        return (String) Json.parseObject(answer.body()).get("writ");
    }

    /**
     * The proxy event for one {@code tools/call} of {@code tool} with {@code arguments}, the writ (if
     * any) in {@code params._meta["dev.writ/writ"]}, the MCP headers an HTTP client sends.
     */
    static String toolCall(String tool, Map<String, Object> arguments, String writ) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", PROTOCOL);
        meta.put("io.modelcontextprotocol/clientCapabilities", Map.of());
        if (writ != null) {
            meta.put("dev.writ/writ", writ);
        }
        String body = Json.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", Map.of("name", tool, "arguments", arguments, "_meta", meta)));
        return event(body, Map.of("Mcp-Method", "tools/call", "Mcp-Name", tool));
    }

    /** A proxy event for {@code POST /mcp} with {@code body} as it is (also a malformed one). */
    static String event(String body, Map<String, String> mcpHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", PROTOCOL));
        headers.putAll(mcpHeaders);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", "/mcp");
        event.put("path", "/mcp");
        event.put("httpMethod", "POST");
        event.put("headers", headers);
        event.put("requestContext", Map.of("accountId", HopChain.ACCOUNT, "apiId", "a1b2c3", "stage", "prod",
                "httpMethod", "POST", "path", "/prod/mcp", "resourcePath", "/mcp", "requestId", UUID.randomUUID().toString(),
                "identity", Map.of("sourceIp", "203.0.113.10"), "authorizer", Map.of("principalId", "carla")));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    @Override
    public void close() {
        Processes.closeAll(url, exchange);
    }
}
