package dev.writ.policy.eval;

import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import dev.writ.core.json.Json;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cedar's JSON form (EST) of each policy of a bundle, read once at load (one native call per
 * policy) for both {@link PolicyReads} and {@link PolicySlice}.
 */
final class PolicyJson {
    private PolicyJson() {
    }

    /** Each policy's EST; empty when Cedar cannot show one of them as JSON. */
    static Optional<Map<Policy, Map<String, Object>>> of(Collection<Policy> policies) {
        Map<Policy, Map<String, Object>> json = new LinkedHashMap<>();
        try {
            for (Policy policy : policies) {
                json.put(policy, Json.parseObject(policy.toJson()));
            }
        } catch (InternalException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(json);
    }
}
