package dev.writ.policy.bundle;

import java.util.Map;

/** A request path matched to a route: the route, its path parameters and the resource id they give. */
public record RouteMatch(Route route, Map<String, String> pathParameters, String resourceId) {
    public RouteMatch {
        pathParameters = Map.copyOf(pathParameters);
    }

    /** The Cedar action, as an entity UID in Cedar syntax ({@code Payments::Action::"GetPayment"}). */
    public String action() {
        return route.action();
    }

    /** The resource entity type. */
    public String resourceType() {
        return route.resourceType();
    }

    /** The function behind the route: the audience of the writ. */
    public String function() {
        return route.function();
    }
}
