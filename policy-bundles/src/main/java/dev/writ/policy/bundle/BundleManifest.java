package dev.writ.policy.bundle;

import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bundle's {@code manifest.json}: name, revision, description, the Cedar entity types the
 * authorizer uses for the caller and the caller's IdP groups (and the writ exchange for a calling
 * function), the route mapping and the hops. Strict: a member it does not know is refused, at every
 * level, so a misspelt {@code scope} never silently leaves a writ unscoped.
 *
 * <pre>{@code
 * {"name": "payments-api", "revision": 3, "description": "...",
 *  "principal": {"type": "Payments::User", "groupType": "Payments::Group"},
 *  "routes": {
 *    "GET /payments/{paymentId}": {
 *      "action": "Payments::Action::\"GetPayment\"",
 *      "resource": {"type": "Payments::Payment", "id": "{paymentId}"},
 *      "function": "payments-read",
 *      "context": {"amount": {"from": "header", "name": "X-Payment-Amount", "type": "Long"}},
 *      "scope": {"actions": ["dynamodb:GetItem"], "resources": ["arn:aws:dynamodb:*:*:table/payments"]}}},
 *  "hops": {
 *    "lambda:Invoke ledger-post": {
 *      "action": "Payments::Action::\"InvokeLedger\"",
 *      "resource": {"type": "Payments::Function", "id": "ledger-post"},
 *      "function": "ledger-post", "singleUse": true, "payload": "bound", "scope": {...}}},
 *  "tools": {
 *    "refund_payment": {
 *      "action": "Payments::Action::\"refund_payment\"",
 *      "resource": {"type": "Payments::ToolServer", "id": "payments-mcp"},
 *      "function": "payments-mcp"}}}
 * }</pre>
 *
 * @param functionType the Cedar entity type of a function calling through the writ exchange
 *                     ({@code principal.functionType}); null when the bundle has no hops
 * @param tools        the tools AI agents call for a user, each decided per call (none when absent)
 */
public record BundleManifest(
        String name,
        long revision,
        String description,
        String principalType,
        String groupType,
        String functionType,
        List<Route> routes,
        List<Hop> hops,
        List<Tool> tools) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public BundleManifest {
        routes = List.copyOf(routes);
        hops = List.copyOf(hops);
        tools = List.copyOf(tools);
    }

    /**
     * Parses and checks a manifest.
     *
     * @throws IOException naming the member that is missing or wrong
     */
    public static BundleManifest parse(byte[] json) throws IOException {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (JsonException e) {
            throw new IOException(e.getMessage(), e);
        }
        String name = string(m, "name", "manifest");
        if (!NAME.matcher(name).matches()) {
            throw new IOException("name must be lowercase letters, digits and '-': \"" + name + "\"");
        }
        Object rev = m.get("revision");
        if (!(rev instanceof Integer || rev instanceof Long) || ((Number) rev).longValue() < 1) {
            throw new IOException("revision must be a positive integer (guards refuse revisions below a minimum)");
        }
        Object desc = m.getOrDefault("description", "");
        if (!(desc instanceof String)) {
            throw new IOException("description must be a string");
        }
        known(m, "manifest", "name", "revision", "description", "principal", "routes", "hops", "tools");
        Map<String, Object> principal = object(m, "principal", "manifest");
        known(principal, "principal", "type", "groupType", "functionType");
        String principalType = string(principal, "type", "principal");
        String groupType = string(principal, "groupType", "principal");
        String functionType = principal.containsKey("functionType") ? string(principal, "functionType", "principal") : null;
        Map<String, Object> routeMap = object(m, "routes", "manifest");
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, Object> e : routeMap.entrySet()) {
            routes.add(route(e.getKey(), e.getValue()));
        }
        List<Hop> hops = new ArrayList<>();
        if (m.containsKey("hops")) {
            for (Map.Entry<String, Object> e : object(m, "hops", "manifest").entrySet()) {
                hops.add(hop(e.getKey(), e.getValue()));
            }
        }
        if (!hops.isEmpty() && functionType == null) {
            throw new IOException("principal: \"functionType\" (the Cedar type of a calling function) is required when there are hops");
        }
        List<Tool> tools = new ArrayList<>();
        if (m.containsKey("tools")) {
            for (Map.Entry<String, Object> e : object(m, "tools", "manifest").entrySet()) {
                tools.add(tool(e.getKey(), e.getValue()));
            }
        }
        return new BundleManifest(name, ((Number) rev).longValue(), (String) desc, principalType, groupType, functionType,
                routes, hops, tools);
    }

    /** The tool named {@code name}, exactly, if the bundle maps one. */
    public Optional<Tool> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The hop of this kind to the target named {@code target}, if the bundle maps one. */
    public Optional<Hop> hop(Hop.Kind kind, String target) {
        for (Hop h : hops) {
            if (h.kind() == kind && h.target().equals(target)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The route whose key ({@code METHOD /template}) is {@code routeKey}, as HTTP API events name it. */
    public Optional<Route> routeByKey(String routeKey) {
        for (Route r : routes) {
            if (r.hasKey(routeKey)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The route API Gateway already chose, by its route key ({@code routeKey} of HTTP API events,
     * or {@code httpMethod + " " + resource} of REST events) and the path parameters it extracted.
     * Empty when the bundle has no such route or a parameter the route needs is missing or empty.
     */
    public Optional<RouteMatch> matchKey(String routeKey, Map<String, String> pathParameters) {
        Optional<Route> route = routeByKey(routeKey);
        if (route.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String name : route.get().parameterNames()) {
            String value = pathParameters == null ? null : pathParameters.get(name);
            if (value == null || value.isEmpty() || value.contains("/")) {
                return Optional.empty();
            }
            params.put(name, value);
        }
        return Optional.of(new RouteMatch(route.get(), params, route.get().resourceId(params)));
    }

    /**
     * The route a concrete request takes: method equal (or the route's method {@code ANY}), path
     * fitting the template; among several, the one with the most literal segments, then an exact
     * method over {@code ANY}. Methods compare exactly, as HTTP defines them (RFC 9110 §9.1) and
     * as the guard compares the writ's bound method: {@code get} is not {@code GET}.
     */
    public Optional<RouteMatch> match(String method, String path) {
        String exact = method == null ? "" : method;
        return routes.stream()
                .filter(r -> r.method().equals(exact) || r.method().equals("ANY"))
                .sorted(Comparator.comparingInt(Route::specificity).reversed()
                        .thenComparing(r -> r.method().equals("ANY")))
                .flatMap(r -> r.matchPath(path).stream().map(p -> new RouteMatch(r, p, r.resourceId(p))))
                .findFirst();
    }

    private static Route route(String key, Object value) throws IOException {
        String[] parts = key.split(" ", -1);
        if (parts.length != 2) {
            throw new IOException("route key must be \"METHOD /path\": \"" + key + "\"");
        }
        if (!(value instanceof Map)) {
            throw new IOException("route \"" + key + "\" must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) value;
        String where = "route \"" + key + "\"";
        known(r, where, "action", "resource", "function", "context", "scope");
        Map<String, Object> resource = object(r, "resource", where);
        known(resource, where + " resource", "type", "id");
        Map<String, Route.ContextInput> inputs = new java.util.LinkedHashMap<>();
        if (r.containsKey("context")) {
            for (Map.Entry<String, Object> c : object(r, "context", where).entrySet()) {
                inputs.put(c.getKey(), contextInput(c.getValue(), where + " context \"" + c.getKey() + "\""));
            }
        }
        try {
            return new Route(parts[0], parts[1], string(r, "action", where), string(resource, "type", where + " resource"),
                    string(resource, "id", where + " resource"), string(r, "function", where), inputs, scope(r, where));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static Hop hop(String key, Object value) throws IOException {
        String[] parts = key.split(" ", -1);
        Optional<Hop.Kind> kind = parts.length == 2 ? Hop.Kind.fromWire(parts[0]) : Optional.empty();
        if (kind.isEmpty()) {
            throw new IOException("hop key must be \"KIND TARGET\" with KIND one of " + java.util.Arrays.stream(Hop.Kind.values())
                    .map(Hop.Kind::wire).toList() + ": \"" + key + "\"");
        }
        if (!(value instanceof Map)) {
            throw new IOException("hop \"" + key + "\" must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> h = (Map<String, Object>) value;
        String where = "hop \"" + key + "\"";
        known(h, where, "action", "resource", "function", "singleUse", "payload", "scope");
        Map<String, Object> resource = object(h, "resource", where);
        known(resource, where + " resource", "type", "id");
        Object singleUse = h.getOrDefault("singleUse", Boolean.FALSE);
        if (!(singleUse instanceof Boolean)) {
            throw new IOException(where + ": \"singleUse\" must be true or false");
        }
        Object payload = h.getOrDefault("payload", "bound");
        if (!"bound".equals(payload) && !"any".equals(payload)) {
            throw new IOException(where + ": \"payload\" must be \"bound\" (the default) or \"any\"");
        }
        try {
            return new Hop(kind.get(), parts[1], string(h, "action", where), string(resource, "type", where + " resource"),
                    string(resource, "id", where + " resource"), string(h, "function", where), (Boolean) singleUse,
                    "any".equals(payload), scope(h, where));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static Tool tool(String name, Object value) throws IOException {
        String where = "tool \"" + name + "\"";
        if (!(value instanceof Map)) {
            throw new IOException(where + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) value;
        known(t, where, "action", "resource", "function");
        Map<String, Object> resource = object(t, "resource", where);
        known(resource, where + " resource", "type", "id");
        try {
            return new Tool(name, string(t, "action", where), string(resource, "type", where + " resource"),
                    string(resource, "id", where + " resource"), string(t, "function", where));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static Optional<RuntimeScope> scope(Map<String, Object> owner, String where) throws IOException {
        if (!owner.containsKey("scope")) {
            return Optional.empty();
        }
        Map<String, Object> scope = object(owner, "scope", where);
        known(scope, where + " scope", "actions", "resources");
        try {
            return Optional.of(new RuntimeScope(strings(scope, "actions", where + " scope"), strings(scope, "resources", where + " scope")));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + " scope: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Map<String, Object> m, String key, String where) throws IOException {
        if (!(m.get(key) instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new IOException(where + ": \"" + key + "\" must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    /** Refuses a member that is not one of {@code allowed}: a misspelt one would otherwise be ignored. */
    private static void known(Map<String, Object> m, String where, String... allowed) throws IOException {
        for (String key : m.keySet()) {
            if (!List.of(allowed).contains(key)) {
                throw new IOException(where + ": unknown member \"" + key + "\"");
            }
        }
    }

    private static Route.ContextInput contextInput(Object value, String where) throws IOException {
        if (!(value instanceof Map)) {
            throw new IOException(where + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) value;
        known(c, where, "from", "name", "type", "optional");
        Object optional = c.getOrDefault("optional", Boolean.FALSE);
        if (!(optional instanceof Boolean)) {
            throw new IOException(where + ": \"optional\" must be true or false");
        }
        Route.ContextInput.Source from;
        Route.ContextInput.Type type;
        try {
            from = Route.ContextInput.Source.valueOf(string(c, "from", where).toUpperCase(Locale.ROOT));
            type = Route.ContextInput.Type.valueOf(string(c, "type", where).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": from must be header|query|path and type Long|String|Bool", e);
        }
        try {
            return new Route.ContextInput(from, string(c, "name", where), type, (Boolean) optional);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static String string(Map<String, Object> m, String key, String where) throws IOException {
        Object v = m.get(key);
        if (!(v instanceof String) || ((String) v).isBlank()) {
            throw new IOException(where + ": \"" + key + "\" must be a non-empty string");
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key, String where) throws IOException {
        Object v = m.get(key);
        if (!(v instanceof Map)) {
            throw new IOException(where + ": \"" + key + "\" must be an object");
        }
        return (Map<String, Object>) v;
    }
}
