package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import dev.writ.guard.tool.MalformedToolCallException;
import dev.writ.guard.writ.ReasonCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refusals of a tool call in each protocol's own shape. Every one carries Writ's code, never the
 * detail (which is for logs), never a stack trace.
 */
final class ToolAnswers {

    /**
     * The JSON-RPC code of a writ denial: outside -32768..-32000, which JSON-RPC and MCP reserve;
     * the MCP specification has no code for "forbidden", so this is Writ's, with HTTP 403.
     */
    static final int WRIT_DENIED = -31403;

    private ToolAnswers() {
    }

    /** A JSON-RPC error answer, shaped for either API Gateway payload format. */
    record McpAnswer(int status, String body) {

        private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

        /** As a REST API proxy response (payload format 1.0). */
        APIGatewayProxyResponseEvent rest() {
            return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(HEADERS).withBody(body);
        }

        /** As an HTTP API response (payload format 2.0). */
        APIGatewayV2HTTPResponse http() {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS).withBody(body).build();
        }
    }

    static McpAnswer mcpMalformed(Object id, MalformedToolCallException malformed) {
        return jsonRpcError(id, malformed.error().jsonRpcCode(), malformed.getMessage(),
                Map.of("code", malformed.error().name()), malformed.error().httpStatus());
    }

    static McpAnswer mcpDenied(Object id, ReasonCode reason, String requestId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", reason.name());
        data.put("requestId", requestId == null ? "" : requestId);
        return jsonRpcError(id, WRIT_DENIED, "Forbidden", data, 403);
    }

    private static McpAnswer jsonRpcError(Object id, int code, String message, Map<String, Object> data,
                                  int status) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("data", data);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        if (id != null) {
            response.put("id", id);
        }
        response.put("error", error);
        return new McpAnswer(status, Json.write(response));
    }

    /**
     * A tool result with {@code isError: true}, as an MCP tool reports a failure; how AgentCore
     * Gateway maps a Lambda target's answer into the MCP result is not documented by AWS beyond
     * "valid JSON", so this shape is unconfirmed against a real gateway.
     */
    static Map<String, Object> agentCoreRefused(String code, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("isError", true);
        result.put("content", List.of(Map.of("type", "text", "text", message + " (" + code + ")")));
        result.put("code", code);
        return result;
    }

    /**
     * The action-group response: function details answer {@code responseState: FAILURE} with a
     * text body; OpenAPI groups answer {@code httpStatusCode} with a JSON body.
     */
    static Map<String, Object> bedrockRefused(Map<String, Object> event, String code, String message, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("code", code);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("actionGroup", event.get("actionGroup"));
        if (event.get("function") instanceof String function) {
            response.put("function", function);
            response.put("functionResponse", Map.of("responseState", "FAILURE",
                    "responseBody", Map.of("TEXT", Map.of("body", Json.write(body)))));
        } else {
            response.put("apiPath", event.get("apiPath"));
            response.put("httpMethod", event.get("httpMethod"));
            response.put("httpStatusCode", status);
            response.put("responseBody", Map.of("application/json", Map.of("body", Json.write(body))));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messageVersion", "1.0");
        answer.put("response", response);
        return answer;
    }
}
