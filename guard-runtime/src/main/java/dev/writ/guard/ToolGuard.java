package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.internal.Invocation;
import dev.writ.guard.internal.ToolEvents;
import dev.writ.guard.tool.MalformedToolCallException;
import dev.writ.guard.tool.ToolCall;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guard in front of a tool an AI agent calls: a tool runs only with a writ that names this
 * tool ({@code in.tool}) and these arguments ({@code in.args}, the digest of their canonical JSON),
 * verified like any writ before the tool runs. A call whose tool or arguments differ from what the
 * writ was issued for is {@code REQUEST_MISMATCH} naming which; a malformed call is refused with a
 * {@link dev.writ.guard.tool.ToolCallError} before any writ is read (its {@code denial} record
 * carries that code). Every refusal is answered in
 * the protocol's own shape, never as a stack trace:
 * <ul>
 *   <li>{@code handleMcp}: an MCP server behind API Gateway (REST API or HTTP API), one JSON-RPC request per
 *       POST (MCP 2026-07-28); refusals are JSON-RPC errors. Methods that act on nothing a policy
 *       names ({@code server/discover}, the lists, {@code ping}, notifications) are verified as the
 *       HTTP request they are; {@code resources/read} and {@code prompts/get} run only on a writ that
 *       also binds their {@code Mcp-Method} and {@code Mcp-Name} headers, which must say what the
 *       body says; any other method is refused {@code UNBOUND_METHOD};</li>
 *   <li>{@link #handleAgentCore}: a Bedrock AgentCore Gateway Lambda target; refusals are a tool
 *       result with {@code isError: true};</li>
 *   <li>{@link #handleBedrockAgent}: a Bedrock Agents action group; refusals are the action-group
 *       response with {@code responseState: FAILURE} (function details) or an HTTP status (OpenAPI).</li>
 * </ul>
 */
public final class ToolGuard {

    private final Guard guard;

    private ToolGuard(Guard guard) {
        this.guard = guard;
    }

    /** A tool guard over {@code guard} (its trust, lineage and replay table). */
    public static ToolGuard of(Guard guard) {
        return new ToolGuard(guard);
    }

    /** A tool guard configured from the {@code WRIT_*} environment, as {@link Guard#fromEnvironment()}. */
    public static ToolGuard fromEnvironment() {
        return of(Guard.fromEnvironment());
    }

    /**
     * One MCP request from an API Gateway REST API (payload format 1.0): {@code server} (which
     * hands the body to the MCP server) runs only when the request is well-formed and its writ verified.
     */
    public APIGatewayProxyResponseEvent handleMcp(APIGatewayProxyRequestEvent event, Context context,
            GuardedFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> server) {
        return handleMcp(event, () -> ToolEvents.mcp(event, context), () -> ToolEvents.readableId(event),
                ToolAnswers.McpAnswer::rest, context, server);
    }

    /**
     * One MCP request from an API Gateway HTTP API (payload format 2.0), with the authorizer's
     * context under {@code requestContext.authorizer.lambda}; refusals are the same JSON-RPC errors,
     * as 2.0 responses.
     */
    public APIGatewayV2HTTPResponse handleMcp(APIGatewayV2HTTPEvent event, Context context,
            GuardedFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> server) {
        return handleMcp(event, () -> ToolEvents.mcp(event, context), () -> ToolEvents.readableId(event),
                ToolAnswers.McpAnswer::http, context, server);
    }

    private <I, O> O handleMcp(I event, Supplier<ToolEvents.McpRequest> read, Supplier<Object> readableId,
            Function<ToolAnswers.McpAnswer, O> shape, Context context, GuardedFunction<I, O> server) {
        ToolEvents.McpRequest request;
        try {
            request = read.get();
        } catch (MalformedToolCallException malformed) {
            guard.refusedUnread(malformed.error().name(), context);
            return shape.apply(ToolAnswers.mcpMalformed(readableId.get(), malformed));
        }
        Supplier<Invocation> inspect = request.invocation() == null
                ? () -> EventInspector.inspect(event, context).requiring(request.routeWritBinds()) : request::invocation;
        return guard.handle(event, inspect, context,
                (reason, requestId) -> shape.apply(ToolAnswers.mcpDenied(request.id(), reason, requestId)), server);
    }

    /**
     * One AgentCore Gateway invocation: {@code event} is the tool's arguments (as the Lambda runtime
     * parsed them), the tool named in the client context. {@code tool} receives the call, its
     * arguments without the {@code _writ} member that may have carried the writ.
     */
    public Object handleAgentCore(Map<String, Object> event, Context context, GuardedFunction<ToolCall, Object> tool) {
        ToolEvents.ToolInvocation call;
        try {
            call = ToolEvents.agentCore(event, context);
        } catch (MalformedToolCallException malformed) {
            guard.refusedUnread(malformed.error().name(), context);
            return ToolAnswers.agentCoreRefused(malformed.error().name(), malformed.getMessage());
        }
        return guard.handle(call.call(), call::invocation, context,
                (reason, requestId) -> ToolAnswers.agentCoreRefused(reason.name(), "Forbidden"), tool);
    }

    /** One Bedrock Agents action-group invocation; {@code actionGroup} receives the event and builds the response. */
    public Map<String, Object> handleBedrockAgent(Map<String, Object> input, Context context,
            GuardedFunction<Map<String, Object>, Map<String, Object>> actionGroup) {
        // A JSON null event names no function: refused as such, not as a NullPointerException.
        Map<String, Object> event = input == null ? Map.of() : input;
        ToolEvents.ToolInvocation call;
        try {
            call = ToolEvents.bedrockAgent(event, context);
        } catch (MalformedToolCallException malformed) {
            guard.refusedUnread(malformed.error().name(), context);
            return ToolAnswers.bedrockRefused(event, malformed.error().name(), malformed.getMessage(), 400);
        }
        return guard.handle(event, call::invocation, context,
                (reason, requestId) -> ToolAnswers.bedrockRefused(event, reason.name(), "Forbidden", 403), actionGroup);
    }
}
