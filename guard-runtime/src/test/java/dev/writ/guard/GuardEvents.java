package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.tool.McpRequestRules;
import dev.writ.testsupport.Events;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Real API Gateway, SQS and SNS event JSON (from the AWS documentation), edited per test. */
public final class GuardEvents {

    private GuardEvents() {
    }

    /** The JSON of {@code events/<name>.json}, with {@code edit} applied to its parsed form. */
    public static String json(String name, Consumer<Map<String, Object>> edit) {
        Map<String, Object> event = Json.parseObject(Events.text(name + ".json"));
        edit.accept(event);
        return Json.write(event);
    }

    /**
     * An API Gateway REST proxy event posting {@code body} to {@code /mcp} with the headers a
     * client sends with it ({@link #mcpHeaders}), then {@code edit} applied.
     */
    public static APIGatewayProxyRequestEvent mcpPost(String body, Consumer<Map<String, Object>> edit) {
        return Events.typed(APIGatewayProxyRequestEvent.class, json("rest-proxy", e -> {
            e.put("path", "/mcp");
            e.put("body", body);
            mcpHeaders(e, body);
            edit.accept(e);
        }));
    }

    /** The protocol version a test's MCP client speaks. */
    public static final String MCP_VERSION = "2026-07-28";

    /**
     * Adds to an API Gateway {@code event} the headers MCP 2026-07-28 has a client send with
     * {@code body} ({@code Mcp-Method}; {@code Mcp-Name} for a {@code tools/call}, {@code resources/read}
     * or {@code prompts/get}; {@code MCP-Protocol-Version}, {@code _meta}'s or {@value #MCP_VERSION}),
     * as the sample server requires; nothing for a body that is not a request.
     */
    public static void mcpHeaders(Map<String, Object> event, String body) {
        Object request;
        try {
            request = Json.parse(body);
        } catch (RuntimeException notJson) {
            return;
        }
        if (!(request instanceof Map<?, ?> r) || !(r.get("method") instanceof String method)) {
            return;
        }
        Map<String, Object> headers = Events.child(event, "headers");
        headers.put("Mcp-Method", method);
        headers.put("MCP-Protocol-Version", MCP_VERSION);
        if (r.get("params") instanceof Map<?, ?> params) {
            Object name = "resources/read".equals(method) ? params.get("uri") : params.get("name");
            if (Set.of("tools/call", "resources/read", "prompts/get").contains(method) && name instanceof String n) {
                headers.put("Mcp-Name", n);
            }
            if (params.get("_meta") instanceof Map<?, ?> meta && meta.get(McpRequestRules.META_PROTOCOL_VERSION) instanceof String v) {
                headers.put("MCP-Protocol-Version", v);
            }
        }
    }
}
