package dev.writ.guard.writ;

import dev.writ.core.json.JsonMembers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code pol} claim: which policy bundle decided, and by which policies.
 *
 * @param bundle    bundle name
 * @param revision  bundle revision (the guard can refuse revisions below a minimum)
 * @param hash      the bundle's content hash
 * @param policyIds ids of the policies that determined the decision
 */
public record PolicyRef(String bundle, long revision, String hash, List<String> policyIds) {

    public PolicyRef {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(hash, "hash");
        policyIds = List.copyOf(policyIds);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("b", bundle);
        json.put("rev", revision);
        json.put("h", hash);
        json.put("ids", policyIds);
        return json;
    }

    static PolicyRef fromJson(JsonMembers claims) {
        return new PolicyRef(claims.requiredString("b"), claims.requiredInteger("rev"),
                claims.requiredString("h"), claims.stringOrArray("ids", false));
    }
}
