package dev.writ.policy.eval;

import dev.writ.policy.bundle.RouteMatch;
import java.util.Map;
import java.util.Set;

/**
 * One authorization question in plain Java values. The principal's entity type and the group type
 * come from the bundle's manifest; the authorizer supplies the subject, its IdP groups and the
 * context.
 *
 * <p>Attribute and context values: {@link Boolean}, {@link Integer}/{@link Long}, {@link String},
 * {@link java.time.Instant} (a Cedar {@code datetime}), {@link java.util.List}/{@link Set} (a Cedar
 * set), {@link Map} with string keys (a record), or a map {@code {"__extn": {"fn": "ip"|"decimal"|
 * "datetime"|"duration", "arg": "..."}}} as in Cedar's JSON format.
 */
public record AuthzRequest(
        String principalId,
        Set<String> groups,
        Map<String, Object> principalAttributes,
        String action,
        String resourceType,
        String resourceId,
        Map<String, Object> context) {

    public AuthzRequest {
        java.util.Objects.requireNonNull(principalId, "principalId");
        java.util.Objects.requireNonNull(action, "action");
        java.util.Objects.requireNonNull(resourceType, "resourceType");
        java.util.Objects.requireNonNull(resourceId, "resourceId");
        groups = Set.copyOf(groups);
        principalAttributes = Map.copyOf(principalAttributes);
        context = Map.copyOf(context);
    }

    /** The request for a matched route: its action and resource, this caller and context. */
    public static AuthzRequest forRoute(RouteMatch route, String principalId, Set<String> groups,
            Map<String, Object> context) {
        return new AuthzRequest(principalId, groups, Map.of(), route.action(), route.resourceType(),
                route.resourceId(), context);
    }
}
