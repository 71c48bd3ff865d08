package dev.writ.authorizer.exchange;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.util.Map;
import java.util.Set;

/**
 * One request to the writ exchange: the parent writ, the hop (kind and target as the SDK call names
 * them) and the digest of what the hop carries. The body is JSON:
 * {@code {"writ": "<parent>", "kind": "lambda:Invoke", "target": "ledger-post", "payload": "<digest>",
 * "singleUse": true, "envelope": true}}, {@code payload}, {@code singleUse} and {@code envelope}
 * optional; any other member is refused.
 *
 * @param writ      the parent writ, compact
 * @param kind      the kind of call, as a manifest's hop key writes it ({@code lambda:Invoke})
 * @param target    the target as the SDK call names it (name, ARN or queue URL)
 * @param payload   base64url SHA-256 of the payload (Lambda) or message body the child is bound to; null for none
 * @param singleUse the caller asks for a single-use child
 * @param envelope  the child of a {@code lambda:Invoke} travels in the direct-invoke envelope (an
 *                  asynchronous invoke), not the client context
 */
record HopRequest(String writ, String kind, String target, String payload, boolean singleUse, boolean envelope) {

    private static final Set<String> MEMBERS = Set.of("writ", "kind", "target", "payload", "singleUse", "envelope");

    /**
     * The request in {@code body}.
     *
     * @throws IllegalArgumentException naming what is wrong with the body (the exchange answers BAD_REQUEST)
     */
    static HopRequest parse(String body) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(body == null ? "" : body);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the body is not one JSON object: " + e.getMessage(), e);
        }
        for (String member : json.keySet()) {
            if (!MEMBERS.contains(member)) {
                throw new IllegalArgumentException("unknown member \"" + member + "\"");
            }
        }
        return new HopRequest(optionalString(json, "writ"), string(json, "kind"), string(json, "target"),
                optionalString(json, "payload"), flag(json, "singleUse"), flag(json, "envelope"));
    }

    private static boolean flag(Map<String, Object> json, String member) {
        Object value = json.getOrDefault(member, Boolean.FALSE);
        if (!(value instanceof Boolean)) {
            throw new IllegalArgumentException(member + " must be true or false");
        }
        return (Boolean) value;
    }

    private static String string(Map<String, Object> json, String member) {
        String value = optionalString(json, member);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("\"" + member + "\" must be a non-empty string");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> json, String member) {
        Object value = json.get(member);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("\"" + member + "\" must be a string");
        }
        return (String) value;
    }
}
