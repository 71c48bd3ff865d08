package dev.writ.policy.eval;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityUID;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The policies one action can need. cedar-java copies the whole cached policy set on every call
 * (a few µs per policy here), so each action gets a set of only the policies whose action scope
 * can hold for it.
 *
 * <p>Cedar evaluates a policy's scope before its conditions and stops at the first part that is
 * false, so a policy whose action scope is false for the request neither decides nor errs: the
 * slice decides, with the same reasons and errors, exactly as the whole set ({@code
 * PolicySliceTest} compares the two). A scope {@code action in X} holds when X is the action or one
 * of its groups; the groups come from the schema's {@code memberOf}, read generously (a group
 * whose namespace is unclear counts under both readings), so a slice may hold a policy it does not
 * need but never lacks one. An action the schema does not name, or a policy whose scope cannot be
 * read, gets the whole set.
 */
final class PolicySlice {
    private final PolicySet whole;
    private final Map<EntityUID, PolicySet> byAction;

    private PolicySlice(PolicySet whole, Map<EntityUID, PolicySet> byAction) {
        this.whole = whole;
        this.byAction = Map.copyOf(byAction);
    }

    /** Every action gets the whole set: for a schema Cedar cannot show as JSON. */
    static PolicySlice none(PolicySet whole) {
        return new PolicySlice(whole, Map.of());
    }

    /**
     * One set per distinct group of policies the schema's actions need, read from each policy's
     * JSON ({@link PolicyJson#of}); {@code cache} pre-parses each set on the native side, as the
     * compiler does for the whole set.
     */
    static PolicySlice of(PolicySet whole, Optional<Map<String, Object>> schemaJson,
                          Optional<Map<Policy, Map<String, Object>>> json, Consumer<PolicySet> cache) {
        if (json.isEmpty() || schemaJson.isEmpty()) {
            return none(whole);
        }
        Map<ActionId, Set<ActionId>> groups;
        Map<Policy, ActionScope> scopes = new HashMap<>();
        try {
            groups = actionGroups(schemaJson.get());
            for (Policy policy : whole.policies) {
                scopes.put(policy, ActionScope.of(json.get().get(policy).get("action")));
            }
        } catch (Exception e) {
            return none(whole);
        }
        Map<Set<String>, PolicySet> sets = new HashMap<>();
        Map<EntityUID, PolicySet> byAction = new HashMap<>();
        for (ActionId action : groups.keySet()) {
            Set<ActionId> ancestors = ancestors(action, groups);
            Set<Policy> needed = new LinkedHashSet<>();
            for (Policy policy : whole.policies) {
                if (scopes.get(policy).mayHold(action, ancestors)) {
                    needed.add(policy);
                }
            }
            PolicySet set = needed.size() == whole.policies.size() ? whole
                    : sets.computeIfAbsent(ids(needed), k -> {
                        PolicySet slice = new PolicySet(needed);
                        cache.accept(slice);
                        return slice;
                    });
            action.uid().ifPresent(uid -> byAction.put(uid, set));
        }
        return new PolicySlice(whole, byAction);
    }

    /** The policies to send for a request on this action. */
    PolicySet forAction(EntityUID action) {
        return byAction.getOrDefault(action, whole);
    }

    /** Every policy of the bundle. */
    PolicySet whole() {
        return whole;
    }

    /** Each action of the schema with the groups it is directly a member of (generously resolved). */
    static Map<ActionId, Set<ActionId>> actionGroups(Map<String, Object> schemaJson) {
        Map<ActionId, Set<ActionId>> groups = new HashMap<>();
        ActionId.forEachIn(schemaJson, (namespace, action, declaration) -> {
            Set<ActionId> parents = new HashSet<>();
            Object memberOf = ((Map<?, ?>) declaration).get("memberOf");
            if (memberOf instanceof List<?> refs) {
                for (Object ref : refs) {
                    Map<?, ?> r = (Map<?, ?>) ref;
                    String parentId = (String) r.get("id");
                    String type = (String) r.get("type");
                    if (type == null) {
                        parents.add(new ActionId(action.type(), parentId));
                    } else {
                        // Written qualified, or relative to this namespace: both count.
                        parents.add(new ActionId(type, parentId));
                        if (!namespace.isEmpty()) {
                            parents.add(new ActionId(namespace + "::" + type, parentId));
                        }
                    }
                }
            }
            groups.put(action, parents);
        });
        return groups;
    }

    /** The groups an action is in, directly or through other groups. */
    static Set<ActionId> ancestors(ActionId action, Map<ActionId, Set<ActionId>> groups) {
        Set<ActionId> seen = new HashSet<>();
        Deque<ActionId> todo = new ArrayDeque<>(groups.getOrDefault(action, Set.of()));
        while (!todo.isEmpty()) {
            ActionId next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(groups.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    private static Set<String> ids(Set<Policy> policies) {
        Set<String> ids = new HashSet<>();
        policies.forEach(p -> ids.add(p.getID()));
        return ids;
    }

    /** A policy's action scope, from its JSON form: which actions it can hold for. */
    record ActionScope(String op, Set<ActionId> entities) {
        private static final ActionScope ANY = new ActionScope("All", Set.of());

        static ActionScope of(Object json) {
            if (!(json instanceof Map<?, ?> scope) || !(scope.get("op") instanceof String op)) {
                return ANY;
            }
            Set<ActionId> named = new HashSet<>();
            if (scope.get("entity") instanceof Map<?, ?> one) {
                named.add(id(one));
            }
            if (scope.get("entities") instanceof List<?> many) {
                many.forEach(e -> named.add(id((Map<?, ?>) e)));
            }
            return switch (op) {
                case "==", "in" -> new ActionScope(op, Set.copyOf(named));
                default -> ANY;
            };
        }

        /** True unless the scope is false for this action, a member of these groups. */
        boolean mayHold(ActionId action, Set<ActionId> groups) {
            return switch (op) {
                case "==" -> entities.contains(action);
                case "in" -> entities.contains(action) || entities.stream().anyMatch(groups::contains);
                default -> true;
            };
        }

        private static ActionId id(Map<?, ?> ref) {
            return new ActionId((String) ref.get("type"), (String) ref.get("id"));
        }
    }
}
