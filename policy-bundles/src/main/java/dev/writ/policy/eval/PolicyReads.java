package dev.writ.policy.eval;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** What the policies of {@link PolicyJson#of} read; everything when their JSON is missing. */
    static PolicyReads of(Optional<Map<Policy, Map<String, Object>>> json) {
        if (json.isEmpty()) {
            return new PolicyReads(Set.of(), Set.of(), true);
        }
        Walk walk = new Walk();
        try {
            json.get().values().forEach(est -> walk.visit(est.get("conditions")));
        } catch (RuntimeException e) {
            return new PolicyReads(Set.of(), Set.of(), true);
        }
        return new PolicyReads(walk.named, walk.attributes, walk.contextWhole);
    }

    /** Entities named in conditions; null when unknown (every entity may be read). */
    Set<EntityUID> namedEntities() {
        return everything ? null : namedEntities;
    }

    /** False only when no condition can observe a context attribute of this name. */
    boolean mayReadContext(String attribute) {
        return everything || attributes.contains(attribute);
    }

    /** Collects from EST nodes what they read. */
    private static final class Walk {
        final Set<EntityUID> named = new HashSet<>();
        final Set<String> attributes = new HashSet<>();
        boolean contextWhole;

        void visit(Object json) {
            if (json instanceof List<?> list) {
                list.forEach(this::visit);
                return;
            }
            if (!(json instanceof Map<?, ?> map)) {
                return;
            }
            if (isContext(map)) {
                contextWhole = true;
            }
            if (map.get("__entity") instanceof Map<?, ?> ref && ref.get("type") instanceof String type
                    && ref.get("id") instanceof String id) {
                named.add(EntityTypeName.parse(type).orElseThrow(() -> new IllegalArgumentException(type)).of(id));
            }
            map.forEach((key, value) -> {
                if ((".".equals(key) || "has".equals(key)) && value instanceof Map<?, ?> access
                        && access.get("attr") instanceof String attr) {
                    attributes.add(attr);
                    // Reading one attribute of the context is not using it whole.
                    access.forEach((part, node) -> {
                        if (!("left".equals(part) && isContext(node))) {
                            visit(node);
                        }
                    });
                } else {
                    visit(value);
                }
            });
        }

        private static boolean isContext(Object node) {
            return node instanceof Map<?, ?> var && "context".equals(var.get("Var"));
        }
    }
}
