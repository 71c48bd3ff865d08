package dev.writ.core.jose;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.core.json.JsonMembers;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protected header of a compact JWS, as read from the token (untrusted until verified).
 *
 * @param alg      the {@code alg} value
 * @param type     the {@code typ} value, or null
 * @param keyId    the {@code kid} value, or null
 * @param critical the {@code crit} list (empty when absent)
 * @param members  every member as parsed, so an extension ({@code dlg}) can be read and a forbidden
 *                 member ({@code jku}, {@code jwk} ...) refused
 */
public record JwsHeader(String alg, String type, String keyId, List<String> critical, Map<String, Object> members) {

    public JwsHeader {
        critical = List.copyOf(critical);
        // A header CompactJws read is already read-only to the bottom (Map.copyOf would copy only the top).
        members = Json.isReadOnly(members) ? members : Map.copyOf(members);
    }

    /**
     * Reads a header from its parsed JSON.
     *
     * @throws MalformedJwsException when {@code alg} is missing or a member is mistyped or null
     */
    public static JwsHeader parse(Map<String, Object> json) {
        for (Map.Entry<String, Object> member : json.entrySet()) {
            if (member.getValue() == null) {
                // A JSON null never passes for an absent member (a "dlg": null listed in crit).
                throw new MalformedJwsException("header member " + member.getKey() + " must not be null");
            }
        }
        try {
            JsonMembers m = new JsonMembers(json, "header ");
            return new JwsHeader(m.requiredString("alg"), m.optionalString("typ"), m.optionalString("kid"),
                    m.stringOrArray("crit", false), json);
        } catch (JsonException e) {
            throw new MalformedJwsException(e.getMessage());
        }
    }

    /** The member names present. */
    public Set<String> names() {
        return members.keySet();
    }

    /** A string member (an extension such as {@code dlg}), or null when absent. */
    public String string(String name) {
        try {
            return new JsonMembers(members, "header ").optionalString(name);
        } catch (JsonException e) {
            throw new MalformedJwsException(e.getMessage());
        }
    }

    /**
     * Whether {@code typ} names {@code expected}. Media types compare case-insensitively, and a
     * {@code typ} without a slash stands for {@code application/<typ>} (RFC 7515 §4.1.9), so
     * {@code writ+jwt} and {@code application/writ+jwt} are the same type.
     */
    public boolean hasType(String expected) {
        if (type == null) {
            return false;
        }
        String full = type.indexOf('/') < 0 ? "application/" + type : type;
        return full.equalsIgnoreCase("application/" + expected);
    }
}
