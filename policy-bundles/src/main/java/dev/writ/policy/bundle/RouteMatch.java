package dev.writ.policy.bundle;

import dev.writ.core.internal.McpHeaderValue;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The resource as the writ's {@code resource} claim writes it: {@code Payments::Payment::"p-1001"}. */
    public String resource() {
        return CedarUid.of(route.resourceType(), resourceId);
    }

    /** The function behind the route: the audience of the writ. */
    public String function() {
        return route.function();
    }

    /**
     * The route's context inputs read from a request, or why they could not be (deny then).
     *
     * @param values the Cedar context attributes, typed
     * @param bound  the raw request values they were read from, by input (headers and query
     *               parameters; path parameters are bound through the path itself), for the
     *               writ's {@code in} claim
     */
    public record ContextValues(Map<String, Object> values, Map<Route.ContextInput, String> bound, Optional<String> problem) {
        public ContextValues {
            values = Map.copyOf(values);
            bound = Map.copyOf(bound);
        }

        static ContextValues problem(String problem) {
            return new ContextValues(Map.of(), Map.of(), Optional.of(problem));
        }
    }

    /**
     * Reads the route's context inputs ({@link Route#contextInputs()}) from the request: headers
     * by case-insensitive name, query parameters and path parameters by exact name. A missing
     * required value, one given more than once with different values, or one that is not of the
     * declared type (Long: an optional '-' and digits; Bool: {@code true} or {@code false}) is a
     * problem, and the request should be denied; a missing optional value is left out. A header
     * named {@code Mcp-*} is read as MCP writes it: its {@code =?base64?...?=} form decoded (not
     * Base64 of UTF-8 is a problem), so a policy decides on the name the server acts on. A String
     * is the value as sent, untrimmed; what the writ binds is always the raw value.
     */
    public ContextValues contextValues(RequestValues request) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<Route.ContextInput, String> bound = new LinkedHashMap<>();
        for (Map.Entry<String, Route.ContextInput> e : route.contextInputs().entrySet()) {
            Route.ContextInput in = e.getValue();
            String where = in.source().name().toLowerCase(Locale.ROOT) + " " + in.name();
            boolean fromPath = in.source() == Route.ContextInput.Source.PATH;
            List<String> raw = fromPath ? Optional.ofNullable(pathParameters.get(in.name())).map(List::of).orElse(List.of())
                    : request.values(in);
            if (raw.isEmpty()) {
                if (in.optional()) {
                    continue;
                }
                return ContextValues.problem("missing " + where);
            }
            if (raw.size() > 1) {
                return ContextValues.problem(where + " is given more than once");
            }
            Optional<String> text = isMcpHeader(in) ? McpHeaderValue.decode(raw.get(0)) : Optional.of(raw.get(0));
            if (text.isEmpty()) {
                return ContextValues.problem(where + " is not MCP's =?base64?...?= form of a UTF-8 value");
            }
            Optional<Object> value = typed(text.get(), in.type());
            if (value.isEmpty()) {
                return ContextValues.problem(where + " is not a " + in.type());
            }
            out.put(e.getKey(), value.get());
            if (!fromPath) {
                bound.put(in, raw.get(0));
            }
        }
        return new ContextValues(out, bound, Optional.empty());
    }

    /** A header MCP (2026-07-28) mirrors from the body, whose values it may send Base64-encoded. */
    private static boolean isMcpHeader(Route.ContextInput in) {
        return in.source() == Route.ContextInput.Source.HEADER && in.name().regionMatches(true, 0, "Mcp-", 0, 4);
    }

    /**
     * Every value a request carries for a header or query input (headers by case-insensitive name,
     * across single- and multi-value maps): none when absent, more than one when ambiguous.
     */
    @FunctionalInterface
    public interface RequestValues {
        /** A request with no headers or query. */
        RequestValues NONE = input -> List.of();

        List<String> values(Route.ContextInput input);
    }

    private static Optional<Object> typed(String raw, Route.ContextInput.Type type) {
        String trimmed = raw.trim();
        switch (type) {
            case STRING:
                return Optional.of(raw);
            case BOOL:
                return trimmed.equals("true") ? Optional.of(Boolean.TRUE)
                        : trimmed.equals("false") ? Optional.of(Boolean.FALSE) : Optional.empty();
            default:
                if (!trimmed.matches("-?[0-9]{1,19}")) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Long.parseLong(trimmed));
                } catch (NumberFormatException tooLarge) {
                    return Optional.empty();
                }
        }
    }
}
