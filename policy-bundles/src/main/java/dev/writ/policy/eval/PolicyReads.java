package dev.writ.policy.eval;

import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import dev.writ.guard.json.Json;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bundle's policy conditions can read, from Cedar's JSON form (EST) of each policy: the
 * entities they name and the attribute names they access. Conservative: any attribute of that
 * name counts, whatever it is read from, and a policy that uses {@code context} other than by
 * reading an attribute of it (for example comparing whole records), or that Cedar cannot show as
 * JSON, makes every context attribute readable.
 */
final class PolicyReads {
    private final Set<EntityUID> namedEntities;
    private final Set<String> attributes;
    private final boolean everything;

    private PolicyReads(Set<EntityUID> namedEntities, Set<String> attributes, boolean everything) {
        this.namedEntities = Set.copyOf(namedEntities);
        this.attributes = Set.copyOf(attributes);
        this.everything = everything;
    }

    static PolicyReads of(Collection<Policy> policies) {
        Set<EntityUID> named = new HashSet<>();
        Set<String> attributes = new HashSet<>();
        try {
            for (Policy policy : policies) {
                Object conditions = Json.parseObject(policy.toJson()).get("conditions");
                if (!walk(conditions, named, attributes)) {
                    return new PolicyReads(named, attributes, true);
                }
            }
        } catch (InternalException | RuntimeException e) {
            return new PolicyReads(Set.of(), Set.of(), true);
        }
        return new PolicyReads(named, attributes, false);
    }

    /** Entities named in conditions; null when unknown (every entity may be read). */
    Set<EntityUID> namedEntities() {
        return everything ? null : namedEntities;
    }

    /** False only when no condition can observe a context attribute of this name. */
    boolean mayReadContext(String attribute) {
        return everything || attributes.contains(attribute);
    }

    /** Collects from one EST node; false when {@code context} is used whole. */
    private static boolean walk(Object json, Set<EntityUID> named, Set<String> attributes) {
        if (json instanceof List<?> list) {
            for (Object item : list) {
                if (!walk(item, named, attributes)) {
                    return false;
                }
            }
            return true;
        }
        if (!(json instanceof Map<?, ?> map)) {
            return true;
        }
        if ("context".equals(map.get("Var"))) {
            return false;
        }
        if (map.get("__entity") instanceof Map<?, ?> ref && ref.get("type") instanceof String type
                && ref.get("id") instanceof String id) {
            named.add(EntityTypeName.parse(type).orElseThrow(() -> new IllegalArgumentException(type)).of(id));
        }
        for (String access : List.of(".", "has")) {
            if (map.get(access) instanceof Map<?, ?> node && node.get("attr") instanceof String attr) {
                attributes.add(attr);
                if (node.get("left") instanceof Map<?, ?> left && "context".equals(left.get("Var"))) {
                    // Reading one attribute of the context is not using it whole.
                    return walk(node.values().stream().filter(v -> v != left).toList(), named, attributes);
                }
            }
        }
        return walk(List.copyOf(map.values()), named, attributes);
    }
}
