package dev.writ.policy.bundle;

import dev.writ.guard.event.Headers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /** The route's context inputs read from a request, or why they could not be (deny then). */
    public record ContextValues(Map<String, Object> values, Optional<String> problem) {
        public ContextValues {
            values = Map.copyOf(values);
        }
    }

    /**
     * Reads the route's context inputs ({@link Route#contextInputs()}) from the request: headers
     * by case-insensitive name, query parameters and path parameters by exact name. A missing value
     * or one that is not of the declared type (Long: an optional '-' and digits; Bool: {@code true}
     * or {@code false}) is a problem, and the request should be denied.
     */
    public ContextValues contextValues(Map<String, String> headers, Map<String, String> query) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Route.ContextInput> e : route.contextInputs().entrySet()) {
            Route.ContextInput in = e.getValue();
            String raw = switch (in.source()) {
                case HEADER -> Headers.get(headers, in.name());
                case QUERY -> query == null ? null : query.get(in.name());
                case PATH -> pathParameters.get(in.name());
            };
            String where = in.source().name().toLowerCase(Locale.ROOT) + " " + in.name();
            if (raw == null) {
                return new ContextValues(Map.of(), Optional.of("missing " + where));
            }
            Optional<Object> value = typed(raw.trim(), in.type());
            if (value.isEmpty()) {
                return new ContextValues(Map.of(), Optional.of(where + " is not a " + in.type()));
            }
            out.put(e.getKey(), value.get());
        }
        return new ContextValues(out, Optional.empty());
    }

    private static Optional<Object> typed(String raw, Route.ContextInput.Type type) {
        switch (type) {
            case STRING:
                return Optional.of(raw);
            case BOOL:
                return raw.equals("true") ? Optional.of(Boolean.TRUE)
                        : raw.equals("false") ? Optional.of(Boolean.FALSE) : Optional.empty();
            default:
                if (!raw.matches("-?[0-9]{1,19}")) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Long.parseLong(raw));
                } catch (NumberFormatException tooLarge) {
                    return Optional.empty();
                }
        }
    }
}
