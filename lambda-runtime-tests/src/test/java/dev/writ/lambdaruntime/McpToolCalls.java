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
    /** The Lambda name of {@value #FUNCTION} behind the REST API ({@code PaymentsMcpFunction}). */
    static final String REST_SERVER = "writ-payments-mcp";
    /** The Lambda name of its HTTP API twin ({@code PaymentsMcpHttpFunction}): the same bundle function. */
    static final String HTTP_SERVER = "writ-payments-mcp-http";
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

    /** examples/mcp-payments as deployed behind the REST API: its jar, the layer, the guard's variables for {@value #FUNCTION}. */
    static PackagedFunction startServer(WritStack stack) throws Exception {
        return startServer(stack, REST_SERVER, "dev.writ.examples.mcp.PaymentsMcpFunction");
    }

    /**
     * examples/mcp-payments as Lambda function {@code name} with {@code handler} ({@code PaymentsMcpFunction}
     * for REST proxy events, {@code PaymentsMcpHttpApiFunction} for payload 2.0), guarded as {@value #FUNCTION}.
     */
    static PackagedFunction startServer(WritStack stack, String name, String handler) throws Exception {
        return PackagedFunction.start(new PackagedFunction.Spec(name, Packaging.mcpPaymentsJar(), handler, true, MEMORY_MB,
                stack.guardEnv(FUNCTION), Map.of()));
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
        return event(toolCallBody(tool, arguments, writ), Map.of("Mcp-Method", "tools/call", "Mcp-Name", tool));
    }

    /**
     * The same {@code tools/call} as an HTTP API hands it to {@code PaymentsMcpHttpApiFunction}
     * (payload format 2.0: lower-case headers, the method under {@code requestContext.http}).
     */
    static String httpToolCall(String tool, Map<String, Object> arguments, String writ) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "POST /mcp");
        event.put("rawPath", "/mcp");
        event.put("rawQueryString", "");
        event.put("headers", Map.of("content-type", "application/json", "accept", "application/json, text/event-stream",
                "mcp-protocol-version", PROTOCOL, "mcp-method", "tools/call", "mcp-name", tool));
        event.put("requestContext", Map.of("accountId", HopChain.ACCOUNT, "apiId", "d4e5f6", "stage", "$default",
                "routeKey", "POST /mcp", "requestId", UUID.randomUUID().toString(),
                "http", Map.of("method", "POST", "path", "/mcp", "protocol", "HTTP/1.1", "sourceIp", "203.0.113.10"),
                "authorizer", Map.of("lambda", Map.of("principalId", "carla"))));
        event.put("body", toolCallBody(tool, arguments, writ));
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    private static String toolCallBody(String tool, Map<String, Object> arguments, String writ) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", PROTOCOL);
        meta.put("io.modelcontextprotocol/clientCapabilities", Map.of());
        if (writ != null) {
            meta.put("dev.writ/writ", writ);
        }
        return Json.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", Map.of("name", tool, "arguments", arguments, "_meta", meta)));
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
