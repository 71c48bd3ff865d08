package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import java.util.Map;

/**
 * Whether user code that returned normally answered with a failure, for the {@code outcome}
 * record: an HTTP status of 400 or more ({@code status=<n>}), else a JSON body that is a JSON-RPC
 * error ({@code jsonrpc_error=<code>}) or an MCP tool result with {@code isError: true}
 * ({@code tool_error}). A refused answer is not recorded as a {@code success}.
 */
final class AnswerFailure {

    private AnswerFailure() {
    }

    /** The failure {@code response} reports, or null when it reports none. */
    static String of(Object response) {
        Integer status = null;
        String body = null;
        if (response instanceof APIGatewayProxyResponseEvent rest) {
            status = rest.getStatusCode();
            body = rest.getBody();
        } else if (response instanceof APIGatewayV2HTTPResponse http) {
            status = http.getStatusCode();
            body = http.getBody();
        } else if (response instanceof Map<?, ?> map) {
            status = map.get("statusCode") instanceof Integer code ? code : null;
            body = map.get("body") instanceof String text ? text : null;
        }
        if (status != null && status >= 400) {
            return "status=" + status;
        }
        // Parsed only when it could say so: most answers name neither member.
        if (body == null || !body.contains("\"error\"") && !body.contains("\"isError\"")) {
            return null;
        }
        Object message;
        try {
            message = Json.parse(body);
        } catch (RuntimeException notJson) {
            return null;
        }
        if (!(message instanceof Map<?, ?> json)) {
            return null;
        }
        if (json.get("error") instanceof Map<?, ?> error && json.containsKey("jsonrpc")) {
            return "jsonrpc_error=" + error.get("code");
        }
        return json.get("result") instanceof Map<?, ?> result && Boolean.TRUE.equals(result.get("isError")) ? "tool_error" : null;
    }
}
