package dev.writ.policy.build;


import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.policy.bundle.Hop;
import dev.writ.policy.bundle.RouteMatch;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.HopContext;
import dev.writ.policy.eval.PolicyBundle;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the decision tests of a bundle ({@code tests/*.json}). A test file:
 *
 * <pre>{@code
 * {"defaults": {"context": {"now": {"__extn": {"fn": "datetime", "arg": "2026-11-23T10:00:00Z"}}, "mfa": true}},
 *  "tests": [
 *    {"name": "clerk creates 10,000",
 *     "principal": {"id": "carol", "groups": ["clerk"]},
 *     "route": "POST /payments",                       // or "action" + "resource": {"type", "id"}
 *     "context": {"amount": 10000},                    // merged over defaults.context; each the action declares
 *     "expect": "ALLOW",
 *     "determining": ["create-clerk"],                 // optional: exact set of deciding policy ids
 *     "function": "payments-write"}]}                  // optional: the route's function
 * }</pre>
 *
 * <p>A hop test names {@code "hop": "lambda:Invoke ledger-post"} (a hop of the manifest) and the
 * calling function, {@code "caller": "payments-write"}, instead of a route; {@code principal} is the
 * original subject, and the context is {@link HopContext}'s (roles from the subject's groups, depth
 * 1, no parent action) with the defaults and the test's context over it.
 *
 * <p>The authorizer's rules apply: an action's context gets only the attributes its schema
 * declares, so defaults may hold attributes that only some actions take.
 */
final class DecisionTests {
    private DecisionTests() {
    }

    record Tally(int run, int failed) {
    }

    static Tally run(BundleSource source, PolicyBundle bundle, List<BundleProblem> problems) {
        int run = 0;
        int failed = 0;
        for (String file : source.pathsUnder(BundleSource.TESTS_DIR, ".json")) {
            List<Map<String, Object>> cases;
            Map<String, Object> defaultContext;
            try {
                Map<String, Object> doc = Json.parseObject(source.bytes(file).orElseThrow());
                defaultContext = object(object(doc, "defaults"), "context");
                cases = list(doc.get("tests"));
            } catch (IOException | JsonException | ClassCastException e) {
                problems.add(BundleProblem.inFile(file, "not a test file: " + e.getMessage()));
                failed++;
                continue;
            }
            if (cases.isEmpty()) {
                problems.add(BundleProblem.inFile(file, "no tests"));
                failed++;
            }
            for (Map<String, Object> c : cases) {
                run++;
                Optional<String> why = runOne(bundle, defaultContext, c);
                if (why.isPresent()) {
                    failed++;
                    problems.add(BundleProblem.inFile(file, "test \"" + c.getOrDefault("name", "(unnamed)") + "\": " + why.get()));
                }
            }
        }
        return new Tally(run, failed);
    }

    /** Empty when the test passes, else what went wrong. */
    private static Optional<String> runOne(PolicyBundle bundle, Map<String, Object> defaultContext, Map<String, Object> c) {
        try {
            if (!(c.get("name") instanceof String)) {
                return Optional.of("\"name\" must be a string");
            }
            String expect = string(c, "expect").toUpperCase(Locale.ROOT);
            if (!expect.equals("ALLOW") && !expect.equals("DENY")) {
                return Optional.of("\"expect\" must be ALLOW or DENY");
            }
            Map<String, Object> principal = object(c, "principal");
            String principalId = string(principal, "id");
            Set<String> groups = new LinkedHashSet<>();
            for (Object g : list(principal.getOrDefault("groups", List.of()))) {
                groups.add((String) g);
            }
            Map<String, Object> attrs = object(principal, "attributes");
            Map<String, Object> context = new HashMap<>(defaultContext);
            context.putAll(object(c, "context"));

            String action;
            AuthzRequest request;
            if (c.containsKey("hop")) {
                String key = string(c, "hop");
                String[] parts = key.split(" ", 2);
                Optional<Hop> hop = parts.length == 2 ? Hop.Kind.fromWire(parts[0]).flatMap(k -> bundle.manifest().hop(k, parts[1]))
                        : Optional.empty();
                if (hop.isEmpty()) {
                    return Optional.of("no hop of manifest.json is \"" + key + "\"");
                }
                if (c.containsKey("function") && !hop.get().function().equals(c.get("function"))) {
                    return Optional.of("hop \"" + key + "\" leads to function \"" + hop.get().function()
                            + "\", expected \"" + c.get("function") + "\"");
                }
                Map<String, Object> hopContext = new HashMap<>(HopContext.of(principalId, bundle.roles(groups), "writ-test-txn", 1, null,
                        Instant.EPOCH));
                hopContext.putAll(context);
                action = hop.get().action();
                request = AuthzRequest.forHop(bundle.manifest().functionType(), hop.get(), string(c, "caller"), hopContext);
            } else if (c.containsKey("route")) {
                String route = string(c, "route");
                String[] parts = route.split(" ", 2);
                Optional<RouteMatch> match = parts.length == 2 ? bundle.route(parts[0], parts[1]) : Optional.empty();
                if (match.isEmpty()) {
                    return Optional.of("no route of manifest.json matches \"" + route + "\"");
                }
                if (c.containsKey("function") && !match.get().function().equals(c.get("function"))) {
                    return Optional.of("route \"" + route + "\" leads to function \"" + match.get().function()
                            + "\", expected \"" + c.get("function") + "\"");
                }
                action = match.get().action();
                request = new AuthzRequest(principalId, groups, attrs, action, match.get().resourceType(), match.get().resourceId(), context);
            } else {
                action = string(c, "action");
                Map<String, Object> resource = object(c, "resource");
                request = new AuthzRequest(principalId, groups, attrs, action, string(resource, "type"), string(resource, "id"), context);
            }
            // Defaults serve every action; a test's own attribute must be one its action takes, or the
            // evaluation would quietly leave it out.
            for (String name : object(c, "context").keySet()) {
                if (!bundle.declaresContext(action, name)) {
                    return Optional.of("context attribute \"" + name + "\" is not in the context the schema declares for "
                            + action);
                }
            }
            Evaluation d = bundle.authorize(request);
            if (!d.effect().name().equals(expect)) {
                return Optional.of("expected " + expect + ", got " + d.effect() + describe(d));
            }
            if (c.containsKey("determining")) {
                Set<String> want = new TreeSet<>();
                for (Object id : list(c.get("determining"))) {
                    want.add((String) id);
                }
                for (String id : want) {
                    if (!bundle.policyFiles().containsKey(id)) {
                        return Optional.of("\"determining\" names policy \"" + id + "\", which is not in the bundle");
                    }
                }
                if (!want.equals(new TreeSet<>(d.determiningPolicies()))) {
                    return Optional.of(expect + " as expected, but determined by " + d.determiningPolicies()
                            + ", expected " + want + describe(d));
                }
            }
            if (!d.errors().isEmpty() && !Boolean.TRUE.equals(c.get("expectErrors"))) {
                return Optional.of("evaluation errors: " + d.errors());
            }
            return Optional.empty();
        } catch (IOException | ClassCastException e) {
            return Optional.of("malformed test: " + e.getMessage());
        }
    }

    private static String describe(Evaluation d) {
        StringBuilder s = new StringBuilder(" (determining policies: ").append(d.determiningPolicies());
        if (!d.errors().isEmpty()) {
            s.append("; errors: ").append(d.errors());
        }
        return s.append(')').toString();
    }

    private static String string(Map<String, Object> m, String key) throws IOException {
        if (!(m.get(key) instanceof String s)) {
            throw new IOException("\"" + key + "\" must be a string");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key) throws IOException {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new IOException("\"" + key + "\" must be an object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object v) throws IOException {
        if (!(v instanceof List)) {
            throw new IOException("expected a list");
        }
        return new ArrayList<>((List<T>) v);
    }
}
