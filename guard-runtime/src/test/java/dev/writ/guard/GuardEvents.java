package dev.writ.guard;

import dev.writ.core.json.Json;
import dev.writ.guard.tool.McpRequestRules;
import dev.writ.testsupport.Events;
import java.util.Map;
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
     * Adds to an API Gateway {@code event} the headers MCP 2026-07-28 has a client send with
     * {@code body} ({@code Mcp-Method}, {@code Mcp-Name} for a {@code tools/call},
     * {@code MCP-Protocol-Version} from {@code _meta}), as the sample server requires; nothing for a body that is not a request.
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
        if (r.get("params") instanceof Map<?, ?> params) {
            if ("tools/call".equals(method) && params.get("name") instanceof String name) {
                headers.put("Mcp-Name", name);
            }
            if (params.get("_meta") instanceof Map<?, ?> meta && meta.get(McpRequestRules.META_PROTOCOL_VERSION) instanceof String v) {
                headers.put("MCP-Protocol-Version", v);
            }
        }
    }
}
