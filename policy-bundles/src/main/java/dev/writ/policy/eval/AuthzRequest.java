package dev.writ.policy.eval;

import dev.writ.policy.bundle.Hop;
import dev.writ.policy.bundle.Tool;
import dev.writ.policy.bundle.RouteMatch;
import java.util.Map;
import java.util.Set;

/**
 * One authorization question in plain Java values. The principal's entity type is the manifest's
 * caller type (or, for a hop, its function type) and the group type comes from the manifest too;
 * the authorizer supplies the subject, its IdP groups and the context, the writ exchange the calling
 * function and the hop's context.
 *
 * <p>Attribute and context values: {@link Boolean}, {@link Integer}/{@link Long}, {@link String},
 * {@link java.time.Instant} (a Cedar {@code datetime}), {@link java.util.List}/{@link Set} (a Cedar
 * set), {@link Map} with string keys (a record), or a map {@code {"__extn": {"fn": "ip"|"decimal"|
 * "datetime"|"duration", "arg": "..."}}} as in Cedar's JSON format.
 */
public record AuthzRequest(
        String principalType,
        String principalId,
        Set<String> groups,
        Map<String, Object> principalAttributes,
        String action,
        String resourceType,
        String resourceId,
        Map<String, Object> context) {

    /**
     * @param principalType the principal's entity type; null for the manifest's {@code principal.type}
     */
    public AuthzRequest {
        java.util.Objects.requireNonNull(principalId, "principalId");
        java.util.Objects.requireNonNull(action, "action");
        java.util.Objects.requireNonNull(resourceType, "resourceType");
        java.util.Objects.requireNonNull(resourceId, "resourceId");
        groups = Set.copyOf(groups);
        principalAttributes = Map.copyOf(principalAttributes);
        context = Map.copyOf(context);
    }

    /** A request whose principal has the manifest's caller type ({@code principal.type}). */
    public AuthzRequest(String principalId, Set<String> groups, Map<String, Object> principalAttributes, String action,
                        String resourceType, String resourceId, Map<String, Object> context) {
        this(null, principalId, groups, principalAttributes, action, resourceType, resourceId, context);
    }

    /** The request for a matched route: its action and resource, this caller and context. */
    public static AuthzRequest forRoute(RouteMatch route, String principalId, Set<String> groups,
            Map<String, Object> context) {
        return new AuthzRequest(principalId, groups, Map.of(), route.action(), route.resourceType(),
                route.resourceId(), context);
    }

    /**
     * The request for a hop: principal the calling function (of the manifest's {@code functionType},
     * with no groups: the subject's roles are in the context), the hop's action and resource.
     */
    public static AuthzRequest forHop(String functionType, Hop hop, String callerFunction, Map<String, Object> context) {
        return new AuthzRequest(functionType, callerFunction, Set.of(), Map.of(), hop.action(), hop.resourceType(),
                hop.resourceId(), context);
    }

    /**
     * The request for a tool call: principal the user the agent acts for (the manifest's caller
     * type, with the user's IdP groups), the tool's action and resource, context {@link ToolContext}.
     */
    public static AuthzRequest forTool(Tool tool, String principalId, Set<String> groups, Map<String, Object> context) {
        return new AuthzRequest(principalId, groups, Map.of(), tool.action(), tool.resourceType(), tool.resourceId(), context);
    }
}
