package dev.writ.guard.writ;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protected header of a writ, as read from the token (untrusted until verified).
 *
 * @param alg        the {@code alg} value
 * @param type       the {@code typ} value, or null
 * @param keyId      the {@code kid} value, or null
 * @param critical   the {@code crit} list (empty when absent)
 * @param delegation the {@code dlg} value (a compact delegation JWS), or null
 * @param names      every member name present, so a policy can refuse {@code jku}, {@code jwk} ...
 */
public record WritHeader(String alg, String type, String keyId, List<String> critical, String delegation,
                         Set<String> names) {

    /** The explicit type of a writ (RFC 8725 §3.11). */
    public static final String TYPE = "writ+jwt";

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

    /** Reads a header from its parsed JSON; throws {@link MalformedWritException} when alg is missing or a member is mistyped. */
    public static WritHeader parse(Map<String, Object> json) {
        Claims c = new Claims(json, "header ");
        return new WritHeader(c.requiredString("alg"), c.optionalString("typ"), c.optionalString("kid"),
                c.stringOrArray("crit", false), c.optionalString("dlg"), Set.copyOf(json.keySet()));
    }
}
