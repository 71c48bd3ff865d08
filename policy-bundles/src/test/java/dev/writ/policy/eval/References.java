package dev.writ.policy.eval;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityUID;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The references each of {@link PolicyBundle#authorize}'s slices must decide exactly as: each
 * sends Cedar everything of one kind, and the slices of the others.
 */
final class References {
    /** Every static entity, and the principal with only its IdP groups as parents: the entity slice's reference. */
    static final CedarInputs WHOLE_STORE = new CedarInputs() {
        @Override
        Set<EntityUID> principalParents(EntitySlice entities, Set<EntityUID> groups) {
            return new HashSet<>(groups);
        }

        @Override
        Set<Entity> entities(EntitySlice entities, EntityUID resource) {
            return new HashSet<>(entities.whole());
        }
    };

    /** Every policy of the bundle: the policy slice's reference. */
    static final CedarInputs EVERY_POLICY = new CedarInputs() {
        @Override
        PolicySet policies(PolicySlice policies, EntityUID action) {
            return policies.whole();
        }
    };

    /** Every supplied attribute the action declares, read or not: the reference of {@link ActionContext#select}. */
    static final CedarInputs EVERY_DECLARED_ATTRIBUTE = new CedarInputs() {
        @Override
        Map<String, Object> context(ActionContext context, Map<String, Object> supplied) {
            Map<String, Object> declared = new HashMap<>(supplied);
            declared.keySet().removeIf(name -> !context.declares(name));
            return declared;
        }
    };

    private References() {
    }
}
