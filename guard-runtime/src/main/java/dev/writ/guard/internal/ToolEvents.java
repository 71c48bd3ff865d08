package dev.writ.guard.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.writ.core.internal.McpHeaderValue;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.guard.tool.MalformedToolCallException;
import dev.writ.guard.tool.McpRequestRules;
import dev.writ.guard.tool.ToolCall;
import dev.writ.guard.tool.ToolCallError;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestInputs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads tool calls from the three events a tool on Lambda receives, refusing a malformed one with
 * a {@link MalformedToolCallException} before any writ is looked at:
 * <ul>
 *   <li>MCP (2026-07-28) over API Gateway, REST (payload 1.0) or HTTP API (2.0): the body is one JSON-RPC request; a
 *       {@code tools/call} names the tool in {@code params.name}, its arguments in
 *       {@code params.arguments}, and its writ in {@code params._meta["dev.writ/writ"]}, else the
 *       authorizer context or {@code X-Writ};</li>
 *   <li>AgentCore Gateway Lambda target: the event is the arguments, the tool is the client
 *       context's {@code bedrockAgentCoreToolName}, {@code <target>___<tool>} as the gateway names
 *       it, target prefix included; the writ is the argument {@code _writ} (not bound), else the
 *       client context's {@code writ};</li>
 *   <li>Bedrock Agents action group: the tool is {@code function} (function details) or
 *       {@code <httpMethod> <apiPath>} (OpenAPI), the arguments every {@code parameters} and
 *       request-body property as name → value (strings, as the agent sends them); the writ is
 *       {@code promptSessionAttributes.writ}, else {@code sessionAttributes.writ}.</li>
 * </ul>
 */
public final class ToolEvents {

    /** The most bytes of a request body, or of canonical arguments, the guard reads. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The {@code _meta} key of a per-call writ (a reverse-DNS prefix, as MCP asks of extensions). */
    public static final String META_WRIT = "dev.writ/writ";
    /** The MCP method the guard binds. */
    public static final String TOOLS_CALL = "tools/call";
    /**
     * Methods that act on nothing a policy names, run on the route's writ: the server describing
     * itself and its catalogue (what the route's policy let this caller reach), and a liveness check.
     * {@code initialize} is how clients before MCP 2026-07-28 ask the server to describe itself
     * ({@code server/discover}'s forerunner: the client's version, capabilities and info in, the
     * server's out).
     */
    private static final Set<String> ROUTE_METHODS = Set.of("initialize", "server/discover", "ping", "tools/list",
            "resources/list", "resources/templates/list", "prompts/list");
    /** Methods that name what they act on, with the {@code params} member MCP 2026-07-28 mirrors in {@code Mcp-Name}. */
    private static final Map<String, String> NAMED_METHODS = Map.of("resources/read", "uri", "prompts/get", "name");
    /** What a writ must bind to run a named method: the headers an authorizer decided on. */
    private static final Set<String> NAMED_METHOD_BINDS = Set.of(BoundInputs.header("Mcp-Method"), BoundInputs.header("Mcp-Name"));
    /** The {@code tools/call} params a tool may be handed: what the writ binds, and {@code _meta} (docs/architecture.md, "Tool calls"). */
    private static final Set<String> CALL_PARAMS = Set.of("name", "arguments", "_meta");
    static final String AGENTCORE_TOOL_NAME = "bedrockAgentCoreToolName";
    /** The one media type of a Bedrock Agents request body whose properties the guard binds. */
    static final String BEDROCK_BODY_TYPE = "application/json";

    private ToolEvents() {
    }

    /**
     * One MCP request as read from its body.
     *
     * @param id         the JSON-RPC id (a string or an integer), null for a notification
     * @param method     the JSON-RPC method
     * @param invocation for a {@code tools/call}, what the guard verifies; null for any other method
     *                   (verified as the HTTP request it is)
     * @param call       the tool call, null for any other method
     * @param routeWritBinds what the route's writ must bind besides its request, for a method not
     *                   a {@code tools/call}: the {@code Mcp-Method} and {@code Mcp-Name} headers
     *                   for a method that names what it acts on, else nothing
     */
    public record McpRequest(Object id, String method, Invocation invocation, ToolCall call, Set<String> routeWritBinds) {
    }

    /** A gateway's or agent's tool call and what the guard verifies for it. */
    public record ToolInvocation(ToolCall call, Invocation invocation) {
    }

    /**
     * What an MCP request's HTTP event carries, whichever API Gateway payload format delivered it.
     *
     * @param body        the body as API Gateway passes it (null for none)
     * @param base64      whether API Gateway base64-encoded the body
     * @param headers     the request's headers
     * @param gatewayWrit the writ the authorizer context or the {@code X-Writ} header carries, read
     *                    only when {@code _meta} carries none
     * @param requestId   API Gateway's request id
     */
    private record McpHttp(String body, Boolean base64, HttpInputs headers, Supplier<String> gatewayWrit,
                           String requestId) {
    }

    /** The JSON-RPC id of the event's body when it can be read, for an error answer; null otherwise. */
    public static Object readableId(APIGatewayProxyRequestEvent event) {
        return readableId(event.getBody(), event.getIsBase64Encoded());
    }

    /** The JSON-RPC id of the event's body when it can be read, for an error answer; null otherwise. */
    public static Object readableId(APIGatewayV2HTTPEvent event) {
        return readableId(event.getBody(), event.getIsBase64Encoded());
    }

    private static Object readableId(String body, Boolean base64) {
        try {
            Object id = ((Map<?, ?>) Json.parse(new String(body(body, base64), StandardCharsets.UTF_8))).get("id");
            return McpRequestRules.isRequestId(id) ? id : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Reads an MCP request from an API Gateway REST proxy event (payload format 1.0). */
    public static McpRequest mcp(APIGatewayProxyRequestEvent event, Context context) {
        String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        return mcp(new McpHttp(event.getBody(), event.getIsBase64Encoded(),
                new HttpInputs(event.getHeaders(), event.getMultiValueHeaders(), null, null, null),
                () -> EventInspector.inspect(event, null).writs().get(0), requestId), context);
    }

    /**
     * Reads an MCP request from an API Gateway HTTP API event (payload format 2.0), whose
     * authorizer context is {@code requestContext.authorizer.lambda} and whose headers come
     * lower-cased, a repeated one joined by commas.
     */
    public static McpRequest mcp(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        return mcp(new McpHttp(event.getBody(), event.getIsBase64Encoded(), new HttpInputs(event.getHeaders(), null, null, null, null),
                () -> EventInspector.inspect(event, null).writs().get(0), requestId), context);
    }

    private static McpRequest mcp(McpHttp event, Context context) {
        Object parsed;
        try {
            parsed = Json.parse(new String(body(event.body(), event.base64()), StandardCharsets.UTF_8));
        } catch (JsonException e) {
            throw new MalformedToolCallException(ToolCallError.PARSE_ERROR, "Parse error: " + e.getMessage());
        }
        if (parsed instanceof List) {
            throw new MalformedToolCallException(ToolCallError.BATCH_FORBIDDEN, "JSON-RPC batches are not allowed");
        }
        if (!(parsed instanceof Map<?, ?> request) || !"2.0".equals(request.get("jsonrpc"))
                || !(request.get("method") instanceof String method) || method.isEmpty()
                || request.containsKey("id") && !McpRequestRules.isRequestId(request.get("id"))) {
            throw new MalformedToolCallException(ToolCallError.INVALID_REQUEST, "not a JSON-RPC 2.0 request");
        }
        Object id = request.get("id");
        requireHeaderMatches(event.headers(), "Mcp-Method", method);
        if (!method.equals(TOOLS_CALL)) {
            Set<String> binds = routeWritBinds(request, method, event.headers());
            requireRequestHeaders(id, method, request.get("params"), event.headers());
            return new McpRequest(id, method, null, null, binds);
        }
        if (id == null) {
            throw new MalformedToolCallException(ToolCallError.INVALID_REQUEST, "tools/call must be a request with an id");
        }
        Map<String, Object> params = object(request.get("params"));
        if (params == null || !(params.get("name") instanceof String name) || name.isEmpty()) {
            throw new MalformedToolCallException(ToolCallError.MISSING_TOOL_NAME, "tools/call without params.name");
        }
        requireHeaderMatches(event.headers(), "Mcp-Name", name);
        if (!CALL_PARAMS.containsAll(params.keySet())) {
            throw new MalformedToolCallException(ToolCallError.UNBOUND_PARAMS,
                    "tools/call params other than name, arguments and _meta are not bound by a writ");
        }
        ToolCall call = new ToolCall(name, arguments(params.get("arguments")));
        requireRequestHeaders(id, method, params, event.headers());
        Map<String, Object> meta = object(params.get("_meta"));
        String writ = meta == null ? null : EventInspector.stringValue(meta, META_WRIT);
        if (writ == null) {
            writ = event.gatewayWrit().get();
        }
        Invocation invocation = new Invocation(EventKind.MCP_TOOL_CALL,
                List.of(new Invocation.Presented(writ, new ToolInputs(call, event.headers()))), null, event.requestId());
        return new McpRequest(id, method, EventInspector.withRequestIdAndClientContext(invocation, context), call, Set.of());
    }

    /**
     * What a route's writ must bind to run {@code method}, or a refusal when no writ can show a
     * policy decided it. A named method's object (a resource URI, a prompt name) reaches the
     * authorizer only in {@code Mcp-Name}, so the writ must bind that header and the body must say
     * the same (that both headers are there is MCP's rule for every request,
     * {@link #requireRequestHeaders}); params besides that and {@code _meta} (prompt arguments, a
     * retry's {@code inputResponses}) no writ binds.
     */
    private static Set<String> routeWritBinds(Map<?, ?> request, String method, HttpInputs headers) {
        if (ROUTE_METHODS.contains(method) || request.get("id") == null && method.startsWith("notifications/")) {
            return Set.of();
        }
        String member = NAMED_METHODS.get(method);
        if (member == null) {
            throw new MalformedToolCallException(ToolCallError.UNBOUND_METHOD,
                    "Method not found: " + method + " is not one a writ can show a policy decided");
        }
        Map<String, Object> params = object(request.get("params"));
        if (request.get("id") == null || params == null || !(params.get(member) instanceof String named) || named.isEmpty()) {
            throw new MalformedToolCallException(ToolCallError.INVALID_REQUEST, method + " must be a request with params." + member);
        }
        requireHeaderMatches(headers, "Mcp-Name", named);
        if (!Set.of(member, "_meta").containsAll(params.keySet())) {
            throw new MalformedToolCallException(ToolCallError.UNBOUND_PARAMS,
                    method + " params other than " + member + " and _meta are not bound by a writ");
        }
        return NAMED_METHOD_BINDS;
    }

    /** Reads an AgentCore Gateway Lambda-target invocation: {@code event} is the tool's arguments. */
    public static ToolInvocation agentCore(Map<String, Object> event, Context context) {
        ClientContext clientContext = context == null ? null : context.getClientContext();
        // Bound with its target prefix: a function behind several targets learns the target only
        // from this name, so a writ for one target's tool must not run as another target's.
        String name = clientContext == null || clientContext.getCustom() == null ? null
                : clientContext.getCustom().get(AGENTCORE_TOOL_NAME);
        if (name == null || name.isEmpty()) {
            throw new MalformedToolCallException(ToolCallError.MISSING_TOOL_NAME,
                    "no tool name in the client context's " + AGENTCORE_TOOL_NAME);
        }
        Map<String, Object> arguments = arguments(event);
        Object writ = arguments.get(EventInspector.WRIT_MEMBER);
        if (writ != null && !(writ instanceof String)) {
            throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS, "argument _writ is not a string");
        }
        Map<String, Object> rest = new LinkedHashMap<>(arguments);
        rest.remove(EventInspector.WRIT_MEMBER);
        ToolCall call = new ToolCall(name, rest);
        Invocation invocation = new Invocation(EventKind.AGENTCORE_GATEWAY,
                List.of(new Invocation.Presented((String) writ, new ToolInputs(call, RequestInputs.NONE))), null, null);
        return new ToolInvocation(call, EventInspector.withRequestIdAndClientContext(invocation, context));
    }

    /** Reads a Bedrock Agents action-group invocation (function details or OpenAPI schema). */
    public static ToolInvocation bedrockAgent(Map<String, Object> event, Context context) {
        // The action group gets the whole event, so what the guard binds must be all it can act
        // on: a function and an API operation together, or a body in another media type, could
        // let it run what the writ does not name.
        if (event.get("function") != null && (event.get("apiPath") != null || event.get("httpMethod") != null)) {
            throw new MalformedToolCallException(ToolCallError.INVALID_REQUEST, "both function and apiPath or httpMethod");
        }
        String name = EventInspector.stringValue(event, "function");
        if (name == null && event.get("apiPath") instanceof String path && event.get("httpMethod") instanceof String method) {
            name = method + " " + path;
        }
        if (name == null || name.isBlank()) {
            throw new MalformedToolCallException(ToolCallError.MISSING_TOOL_NAME, "neither function nor httpMethod and apiPath");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        addParameters(arguments, event.get("parameters"));
        Map<String, Object> body = objectOrAbsent(event.get("requestBody"), "requestBody");
        Map<String, Object> content = body == null ? null : objectOrAbsent(body.get("content"), "requestBody.content");
        if (content != null && !Set.of(BEDROCK_BODY_TYPE).containsAll(content.keySet())) {
            throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS,
                    "a request body in a media type other than " + BEDROCK_BODY_TYPE);
        }
        Map<String, Object> json = content == null ? null
                : objectOrAbsent(content.get(BEDROCK_BODY_TYPE), "requestBody.content." + BEDROCK_BODY_TYPE);
        if (json != null) {
            addParameters(arguments, json.get("properties"));
        }
        ToolCall call = new ToolCall(name, arguments);
        requireBindable(call);
        String writ = EventInspector.stringValue(object(event.get("promptSessionAttributes")), EventInspector.WRIT);
        if (writ == null) {
            writ = EventInspector.stringValue(object(event.get("sessionAttributes")), EventInspector.WRIT);
        }
        Invocation invocation = new Invocation(EventKind.BEDROCK_AGENT,
                List.of(new Invocation.Presented(writ, new ToolInputs(call, RequestInputs.NONE))), null, null);
        return new ToolInvocation(call, EventInspector.withRequestIdAndClientContext(invocation, context));
    }

    private static void addParameters(Map<String, Object> arguments, Object parameters) {
        if (parameters == null) {
            return;
        }
        if (!(parameters instanceof List<?> list)) {
            throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS, "parameters is not a list");
        }
        for (Object p : list) {
            Map<String, Object> parameter = object(p);
            if (parameter == null || !(parameter.get("name") instanceof String name) || name.isEmpty()
                    || !(parameter.get("value") instanceof String value)) {
                throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS,
                        "a parameter without a name or a string value");
            }
            if (arguments.put(name, value) != null) {
                throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS, "parameter " + name + " given twice");
            }
        }
    }

    /**
     * A Bedrock request-body member: absent, or an object. Read as absent, a body of another shape
     * would bind no property while the action group, which reads the whole event, might parse it.
     */
    private static Map<String, Object> objectOrAbsent(Object value, String member) {
        Map<String, Object> object = object(value);
        if (value != null && object == null) {
            throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS, member + " is not a JSON object");
        }
        return object;
    }

    private static Map<String, Object> arguments(Object arguments) {
        if (arguments == null) {
            return Map.of();
        }
        Map<String, Object> object = object(arguments);
        if (object == null) {
            throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS, "arguments is not a JSON object");
        }
        requireBindable(new ToolCall("-", object));
        return object;
    }

    /** Arguments a digest can bind: exactly ({@link BoundInputs#inexact}) and within {@value #MAX_BYTES} bytes. */
    private static void requireBindable(ToolCall call) {
        String canonical;
        try {
            canonical = call.canonicalArguments();
        } catch (JsonException inexact) {
            throw new MalformedToolCallException(ToolCallError.INVALID_ARGUMENTS, "arguments not bound exactly: " + inexact.getMessage());
        }
        if (canonical.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new MalformedToolCallException(ToolCallError.TOO_LARGE, "arguments over " + MAX_BYTES + " bytes");
        }
    }

    /**
     * The headers MCP 2026-07-28 requires of a request ({@link McpRequestRules}), whatever its
     * method: the server behind the guard refuses a request without them, so the guard refuses it
     * first, before a writ is read, and a single-use writ is not spent on a request that does not
     * run. A notification ({@code id} null) is left to the server: the revision defines no header
     * rule for notification POSTs.
     */
    private static void requireRequestHeaders(Object id, String method, Object params, HttpInputs headers) {
        if (id == null) {
            return;
        }
        McpRequestRules.missingHeader(method, params, h -> headers.values(BoundInputs.header(h))).ifPresent(missing -> {
            throw new MalformedToolCallException(ToolCallError.HEADER_MISMATCH, "Header mismatch: " + missing);
        });
    }

    /**
     * MCP 2026-07-28: a server that reads the body must refuse a request whose {@code Mcp-Method} or
     * {@code Mcp-Name} differs from it, and an authorizer may have decided on the header. A header
     * given twice, or in the Base64 form {@code =?base64?...?=} that is not Base64 of UTF-8, is a mismatch.
     */
    private static void requireHeaderMatches(HttpInputs headers, String header, String bodyValue) {
        List<String> values = headers.values(BoundInputs.header(header));
        if (values.isEmpty()) {
            return;
        }
        if (values.size() > 1 || !McpHeaderValue.decode(values.get(0)).map(bodyValue::equals).orElse(false)) {
            throw new MalformedToolCallException(ToolCallError.HEADER_MISMATCH,
                    "Header mismatch: " + header + " header does not match the request body");
        }
    }

    private static byte[] body(String given, Boolean base64) {
        String body = given == null ? "" : given;
        // Before decoding: no text twice the bound can decode (UTF-8 or base64) to within it.
        if (body.length() > MAX_BYTES * 2) {
            throw new MalformedToolCallException(ToolCallError.TOO_LARGE, "request body over " + MAX_BYTES + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Boolean.TRUE.equals(base64) ? Base64.getDecoder().decode(body)
                    : body.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new MalformedToolCallException(ToolCallError.PARSE_ERROR, "Parse error: body is not base64");
        }
        if (bytes.length > MAX_BYTES) {
            throw new MalformedToolCallException(ToolCallError.TOO_LARGE, "request body over " + MAX_BYTES + " bytes");
        }
        return bytes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : null;
    }
}
