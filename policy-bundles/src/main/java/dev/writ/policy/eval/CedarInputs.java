package dev.writ.policy.eval;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityUID;
import java.util.Map;
import java.util.Set;

/**
 * What one evaluation sends Cedar besides the request: the principal's parents, the static
 * entities, the policies and the context attributes. {@link PolicyBundle#authorize} sends the
 * slices chosen here ({@link #SLICED}). Each slice must decide exactly as sending everything of its
 * kind; the tests that prove it (EntitySliceTest, PolicySliceTest, ActionContextTest) override one
 * choice at a time to send everything instead, and compare.
 */
class CedarInputs {
    static final CedarInputs SLICED = new CedarInputs();

    /** The principal's parents, given its IdP groups (a new set). */
    Set<EntityUID> principalParents(EntitySlice entities, Set<EntityUID> groups) {
        return entities.principalParents(groups);
    }

    /** The static entities to send with a request on {@code resource} (a new set, which the caller changes). */
    Set<Entity> entities(EntitySlice entities, EntityUID resource) {
        return entities.forRequest(resource);
    }

    /** The policies to send for a request on {@code action}. */
    PolicySet policies(PolicySlice policies, EntityUID action) {
        return policies.forAction(action);
    }

    /** Of the supplied context, what to send for an action whose context the schema shows. */
    Map<String, Object> context(ActionContext context, Map<String, Object> supplied) {
        return context.select(supplied);
    }
}
