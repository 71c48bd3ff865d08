package dev.writ.examples.mcp;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.guard.tool.McpRequestRules;
import dev.writ.guard.tool.ToolCallError;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One MCP request from an API Gateway event (REST proxy or HTTP API payload 2.0) to the SDK's server and back: what the SDK's
 * servlet transport does for a container, for Lambda, where there is none. The SDK checks the
 * {@code Mcp-*} headers against the body in its servlet transport, not in {@code McpServer}, so
 * this adapter does (MCP 2026-07-28, streamable-http "Server Validation"): {@code Mcp-Method} on
 * every request, {@code Mcp-Name} on {@code tools/call}, {@code resources/read} and
 * {@code prompts/get}, {@code MCP-Protocol-Version} equal to the body's: the guard's own rule
 * ({@link McpRequestRules}), which the guard applied to the request, whatever its method, before its
 * writ was spent, and refused a header that contradicts the body. The body is read as the guard reads it (base64-decoded when API Gateway flags it
 * {@code isBase64Encoded}), so the server runs the arguments the guard verified. Public for a baseline without the guard (lambda-runtime-tests' latency bench);
 * a server that runs tools puts {@code ToolGuard} in front of it, as {@link PaymentsMcpFunction} does.
 */
public final class McpOverApiGateway {

    private static final Duration TIMEOUT = Duration.ofSeconds(25);
    private static final Map<Integer, Integer> STATUS = Map.of(-32700, 400, -32600, 400, -32602, 400, -32020, 400,
            -32021, 400, -32022, 400, -32601, 404);

    private final McpServer server;
    private final McpJsonMapper json;

    public McpOverApiGateway(McpServer server, McpJsonMapper json) {
        this.server = server;
        this.json = json;
    }

    /** The SDK's answer to the one JSON-RPC message in {@code event}'s body; the tools see {@code subject} as the caller. */
    public APIGatewayProxyResponseEvent answer(APIGatewayProxyRequestEvent event, String subject) {
        return answer(event.getBody(), event.getIsBase64Encoded(), headers(event.getHeaders(), event.getMultiValueHeaders()), subject);
    }

    /**
     * As {@link #answer(APIGatewayProxyRequestEvent, String)} for an HTTP API event (payload format
     * 2.0), answered in that format. Its headers come as one map (a repeated header joined by commas).
     */
    public APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, String subject) {
        APIGatewayProxyResponseEvent answer = answer(event.getBody(), event.getIsBase64Encoded(), headers(event.getHeaders(), null),
                subject);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.getStatusCode()).withHeaders(answer.getHeaders())
                .withBody(answer.getBody()).build();
    }

    private APIGatewayProxyResponseEvent answer(String body, Boolean base64, HeaderAccessor headers, String subject) {
        String text;
        try {
            text = text(body, base64);
        } catch (IllegalArgumentException notBase64) {
            return error(null, -32700, "Parse error: body is not base64");
        }
        JsonRpc.JSONRPCMessage message;
        try {
            message = JsonRpc.deserializeMessage(json, text);
        } catch (IOException notJson) {
            return error(null, -32700, "Parse error");
        } catch (RuntimeException notJsonRpc) {
            return error(null, -32600, "Invalid request");
        }
        McpTransportContext context = McpTransportContext.create(Map.of(
                McpHeaders.TRANSPORT_CONTEXT_KEY, McpHeaderDecoder.headers(headers), PaymentTools.SUBJECT, subject));
        if (message instanceof JsonRpc.JSONRPCNotification notification) {
            server.handleNotification(context, notification).block(TIMEOUT);
            return new APIGatewayProxyResponseEvent().withStatusCode(202);
        }
        if (!(message instanceof JsonRpc.JSONRPCRequest request)) {
            return error(null, -32600, "Invalid request: only requests and notifications may be posted");
        }
        Optional<String> missing = McpRequestRules.missingHeader(request.method(), request.params(), headers::getHeader);
        if (missing.isPresent()) {
            return error(request.id(), ToolCallError.HEADER_MISMATCH.jsonRpcCode(), "Header mismatch: " + missing.get());
        }
        McpTransportResponse response = server.handleBlocking(context, request).block(TIMEOUT);
        if (response instanceof McpTransportResponse.Result result) {
            return json(200, result.response());
        }
        if (response instanceof McpTransportResponse.Error failed) {
            Integer code = failed.response().error() == null ? null : failed.response().error().code();
            return json(code == null ? 500 : STATUS.getOrDefault(code, 200), failed.response());
        }
        // A streaming answer (progress notifications, then the result), sent whole as one SSE body.
        StringBuilder sse = new StringBuilder();
        for (JsonRpc.JSONRPCMessage m : ((McpTransportResponse.Streaming) response).messages().collectList().block(TIMEOUT)) {
            sse.append("event: message\ndata: ").append(write(m)).append("\n\n");
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache, no-transform"))
                .withBody(sse.toString());
    }

    /**
     * The body as the guard read it: API Gateway base64-encodes a body it takes for binary
     * ({@code isBase64Encoded}), and the guard verified the arguments of the decoded text, so the
     * server runs exactly those (the same decoder and charset; a body that is not base64 is a parse error).
     */
    private static String text(String body, Boolean base64) {
        String given = body == null ? "" : body;
        return Boolean.TRUE.equals(base64) ? new String(Base64.getDecoder().decode(given), StandardCharsets.UTF_8) : given;
    }

    /** An event's headers, names in any case, single- and multi-value maps together (either may be null). */
    private static HeaderAccessor headers(Map<String, String> single, Map<String, List<String>> multi) {
        return new HeaderAccessor() {
            @Override
            public List<String> getHeader(String name) {
                Set<String> values = new LinkedHashSet<>();
                if (single != null) {
                    single.forEach((k, v) -> {
                        if (k != null && v != null && k.equalsIgnoreCase(name)) {
                            values.add(v);
                        }
                    });
                }
                if (multi != null) {
                    multi.forEach((k, v) -> {
                        if (k != null && v != null && k.equalsIgnoreCase(name)) {
                            values.addAll(v);
                        }
                    });
                }
                return new ArrayList<>(values);
            }

            @Override
            public List<String> getHeaderNames() {
                Set<String> names = new LinkedHashSet<>();
                if (single != null) {
                    single.keySet().forEach(k -> names.add(k.toLowerCase(Locale.ROOT)));
                }
                if (multi != null) {
                    multi.keySet().forEach(k -> names.add(k.toLowerCase(Locale.ROOT)));
                }
                return new ArrayList<>(names);
            }
        };
    }

    private APIGatewayProxyResponseEvent error(Object id, int code, String message) {
        return json(STATUS.getOrDefault(code, 400),
                new JsonRpc.JSONRPCResponse(JsonRpc.JSONRPC_VERSION, id, null, new JsonRpc.JSONRPCResponse.JSONRPCError(code, message)));
    }

    private APIGatewayProxyResponseEvent json(int status, Object body) {
        return new APIGatewayProxyResponseEvent().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(write(body));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON-RPC message", e);
        }
    }
}
