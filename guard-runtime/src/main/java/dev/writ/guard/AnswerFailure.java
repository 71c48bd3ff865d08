package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Whether user code that returned normally answered with a failure, for the {@code outcome}
 * record, in each shape a guarded function answers:
 * <ul>
 *   <li>an API Gateway proxy answer (REST, HTTP API, or one as a map): an HTTP status of 400 or
 *       more ({@code status=<n>}), else a body, base64-decoded when {@code isBase64Encoded}, that is
 *       a JSON-RPC error ({@code jsonrpc_error=<code>}) or an MCP tool result with
 *       {@code isError: true} ({@code tool_error}); a {@code text/event-stream} body is read event
 *       by event, as an MCP client reads a streamed answer;</li>
 *   <li>an AgentCore Gateway Lambda target's tool result with {@code isError: true} ({@code tool_error});</li>
 *   <li>a Bedrock Agents action-group response: {@code responseState} {@code FAILURE} or
 *       {@code REPROMPT} ({@code response_state=<state>}), or an {@code httpStatusCode} of 400 or
 *       more ({@code status=<n>}).</li>
 * </ul>
 * A refused answer is not recorded as a {@code success}.
 */
final class AnswerFailure {

    private static final String EVENT_STREAM = "text/event-stream";
    private static final Set<String> FAILED_STATES = Set.of("FAILURE", "REPROMPT");

    private AnswerFailure() {
    }

    /** The failure {@code response} reports, or null when it reports none. */
    static String of(Object response) {
        if (response instanceof APIGatewayProxyResponseEvent rest) {
            return ofHttp(rest.getStatusCode(), rest.getBody(), rest.getIsBase64Encoded(),
                    () -> eventStream(rest.getHeaders()) || eventStream(rest.getMultiValueHeaders()));
        }
        if (response instanceof APIGatewayV2HTTPResponse http) {
            return ofHttp(http.getStatusCode(), http.getBody(), http.getIsBase64Encoded(),
                    () -> eventStream(http.getHeaders()) || eventStream(http.getMultiValueHeaders()));
        }
        if (!(response instanceof Map<?, ?> map)) {
            return null;
        }
        if (map.containsKey("statusCode")) {
            return ofHttp(map.get("statusCode") instanceof Number code ? code.intValue() : null,
                    map.get("body") instanceof String text ? text : null, Boolean.TRUE.equals(map.get("isBase64Encoded")),
                    () -> map.get("headers") instanceof Map<?, ?> headers && eventStream(headers)
                            || map.get("multiValueHeaders") instanceof Map<?, ?> multi && eventStream(multi));
        }
        if (map.get("response") instanceof Map<?, ?> actionGroup && map.containsKey("messageVersion")) {
            return ofActionGroup(actionGroup);
        }
        return Boolean.TRUE.equals(map.get("isError")) ? "tool_error" : null;
    }

    /** {@code eventStream} is asked only of a body that could report a failure: most answers are not read further. */
    private static String ofHttp(Integer status, String body, Boolean base64, BooleanSupplier eventStream) {
        if (status != null && status >= 400) {
            return "status=" + status;
        }
        String text = text(body, base64);
        // Parsed only when it could say so: most answers name neither member.
        if (text == null || !text.contains("\"error\"") && !text.contains("\"isError\"")) {
            return null;
        }
        if (!eventStream.getAsBoolean()) {
            return ofMessage(text);
        }
        for (String data : eventData(text)) {
            String failure = ofMessage(data);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    /** The body as the caller receives it: API Gateway decodes one flagged base64; null when there is none or it does not decode. */
    private static String text(String body, Boolean base64) {
        if (body == null || !Boolean.TRUE.equals(base64)) {
            return body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The failure one JSON-RPC message reports: a JSON-RPC error, or a tool result with {@code isError}. */
    private static String ofMessage(String text) {
        Object message;
        try {
            message = Json.parse(text);
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

    /** Function details answer a {@code responseState}; OpenAPI groups an {@code httpStatusCode}. */
    private static String ofActionGroup(Map<?, ?> response) {
        if (response.get("functionResponse") instanceof Map<?, ?> function && function.get("responseState") instanceof String state
                && FAILED_STATES.contains(state)) {
            return "response_state=" + state;
        }
        return response.get("httpStatusCode") instanceof Number status && status.intValue() >= 400 ? "status=" + status : null;
    }

    /** Whether a header map (values a string or a list of them) says the body is an SSE stream. */
    private static boolean eventStream(Map<?, ?> headers) {
        if (headers == null) {
            return false;
        }
        for (Map.Entry<?, ?> header : headers.entrySet()) {
            if (header.getKey() instanceof String name && name.equalsIgnoreCase("Content-Type")) {
                List<?> values = header.getValue() instanceof List<?> list ? list : List.of(String.valueOf(header.getValue()));
                for (Object value : values) {
                    if (String.valueOf(value).split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(EVENT_STREAM)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The data of each event of an SSE stream (WHATWG HTML, "Server-sent events", interpreting an
     * event stream): lines end in CRLF, LF or CR; a blank line ends an event; its {@code data}
     * lines, less one leading space each, joined by LF, are its data; other fields and comments
     * carry none.
     */
    private static List<String> eventData(String stream) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : (stream + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                }
                data = null;
            } else if (line.equals("data") || line.startsWith("data:")) {
                String value = line.length() <= 5 ? "" : line.substring(line.charAt(5) == ' ' ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return events;
    }
}
