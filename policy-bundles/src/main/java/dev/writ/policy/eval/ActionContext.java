package dev.writ.policy.eval;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityUID;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What goes into one action's Cedar context: of the attributes a caller supplies, those the
 * action's schema declares; a required one always, an optional one only when a policy the action
 * can need ({@link PolicySlice}) may read it. Cedar would refuse an attribute the schema does not
 * declare, and it parses every value it is sent on every decision (a {@code datetime} costs ~30
 * µs), so a value no policy can observe is left out: the decision is the same without it.
 */
final class ActionContext {
    private final Map<String, Boolean> declared;
    private final PolicyReads reads;

    /** {@code declared}: each attribute of the action's context type, mapped to whether it is required. */
    ActionContext(Map<String, Boolean> declared, PolicyReads reads) {
        this.declared = Map.copyOf(declared);
        this.reads = reads;
    }

    /**
     * One per action whose context the schema shows ({@link ContextDeclarations}), each reading
     * only the policies of its slice ({@link PolicyJson#of} gives what they read).
     */
    static Map<EntityUID, ActionContext> forActions(Map<EntityUID, Map<String, Boolean>> declarations,
            PolicySlice slice, Optional<Map<Policy, Map<String, Object>>> json) {
        Map<PolicySet, PolicyReads> readsBySet = new IdentityHashMap<>();
        Map<EntityUID, ActionContext> out = new HashMap<>();
        declarations.forEach((uid, declared) -> {
            PolicyReads reads = readsBySet.computeIfAbsent(slice.forAction(uid), set -> PolicyReads.of(json.map(all -> {
                Map<Policy, Map<String, Object>> some = new HashMap<>();
                set.policies.forEach(p -> some.put(p, all.get(p)));
                return some;
            })));
            out.put(uid, new ActionContext(declared, reads));
        });
        return Map.copyOf(out);
    }

    /** The supplied attributes this action's context takes. */
    Map<String, Object> select(Map<String, Object> supplied) {
        Map<String, Object> out = new HashMap<>();
        supplied.forEach((name, value) -> {
            if (takes(name)) {
                out.put(name, value);
            }
        });
        return out;
    }

    boolean declares(String attribute) {
        return declared.containsKey(attribute);
    }

    /** Whether a supplied {@code attribute} goes into this action's context ({@link #select}). */
    boolean takes(String attribute) {
        Boolean required = declared.get(attribute);
        return required != null && (required || reads.mayReadContext(attribute));
    }
}
