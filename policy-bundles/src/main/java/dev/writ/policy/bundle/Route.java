package dev.writ.policy.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One route of a bundle's manifest: {@code METHOD /path/{param}} mapped to the Cedar action, the
 * resource (an entity type and an id template that may use the path parameters), the function
 * behind the route (the writ's {@code aud}), the request values that become Cedar context, and the
 * runtime scope its writs carry, if any.
 */
public record Route(
        String method,
        String pathTemplate,
        String action,
        String resourceType,
        String resourceIdTemplate,
        String function,
        Map<String, ContextInput> contextInputs,
        Optional<RuntimeScope> scope) {

    private static final Pattern METHOD = Pattern.compile("[A-Z]+|ANY");
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public Route {
        contextInputs = Map.copyOf(contextInputs);
        java.util.Objects.requireNonNull(scope, "scope");
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("bad method \"" + method + "\"");
        }
        if (!pathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': \"" + pathTemplate + "\"");
        }
        List<String> params = new ArrayList<>();
        for (String seg : segments(pathTemplate)) {
            if (seg.isEmpty()) {
                throw new IllegalArgumentException("empty path segment in \"" + pathTemplate + "\"");
            }
            if (seg.contains("{")) {
                var m = PARAM.matcher(seg);
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            "a path parameter must be a whole segment such as {id}: \"" + pathTemplate + "\"");
                }
                params.add(m.group(1));
            }
        }
        var used = PARAM.matcher(resourceIdTemplate);
        while (used.find()) {
            if (!params.contains(used.group(1))) {
                throw new IllegalArgumentException(
                        "resource id uses {" + used.group(1) + "}, which is not a parameter of \"" + pathTemplate + "\"");
            }
        }
        if (function.isBlank()) {
            throw new IllegalArgumentException("function must not be empty");
        }
    }

    /** The route key as API Gateway HTTP APIs write it: {@code GET /payments/{paymentId}}. */
    public String key() {
        return method + " " + pathTemplate;
    }

    /** {@code key().equals(routeKey)}, without building the key: route lookup runs on every decision. */
    public boolean hasKey(String routeKey) {
        return routeKey.length() == method.length() + 1 + pathTemplate.length() && routeKey.startsWith(method)
                && routeKey.charAt(method.length()) == ' ' && routeKey.endsWith(pathTemplate);
    }

    /**
     * The path parameters when {@code path} (a concrete request path) fits this route's template;
     * empty otherwise. A parameter matches exactly one non-empty segment.
     */
    public Optional<Map<String, String>> matchPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        List<String> want = segments(pathTemplate);
        List<String> got = segments(path);
        if (want.size() != got.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            String g = got.get(i);
            if (g.isEmpty()) {
                return Optional.empty();
            }
            var m = PARAM.matcher(w);
            if (m.matches()) {
                params.put(m.group(1), g);
            } else if (!w.equals(g)) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(params));
    }

    /** The resource id for these path parameters (template placeholders replaced verbatim). */
    public String resourceId(Map<String, String> params) {
        if (resourceIdTemplate.indexOf('{') < 0) {
            return resourceIdTemplate;
        }
        var m = PARAM.matcher(resourceIdTemplate);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = params.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("missing path parameter " + m.group(1));
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the path parameters of the template, in order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String seg : segments(pathTemplate)) {
            // The constructor allows a brace only as a whole {name} segment.
            if (seg.startsWith("{")) {
                names.add(seg.substring(1, seg.length() - 1));
            }
        }
        return names;
    }

    /** Literal segments count more than parameters, so {@code /payments/export} wins over {@code /payments/{id}}. */
    int specificity() {
        int literal = 0;
        for (String seg : segments(pathTemplate)) {
            if (!seg.startsWith("{")) {
                literal++;
            }
        }
        return literal;
    }

    private static List<String> segments(String path) {
        String body = path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        if (body.isEmpty()) {
            return List.of();
        }
        return List.of(body.split("/", -1));
    }

    /**
     * A request value that becomes one Cedar context attribute: taken from a header, a query
     * parameter or a path parameter, and typed {@code Long}, {@code String} or {@code Bool}. A
     * required input a request lacks is refused; an optional one (a header or query parameter only)
     * is then left out of the context, where the schema declares it optional ({@code name?:}), and
     * out of the writ's {@code in}.
     */
    public record ContextInput(Source source, String name, Type type, boolean optional) {
        public enum Source { HEADER, QUERY, PATH }
        public enum Type { LONG, STRING, BOOL }

        public ContextInput {
            if (optional && source == Source.PATH) {
                throw new IllegalArgumentException("a path parameter is in every request of its route, so it cannot be optional");
            }
        }
    }
}
