package dev.writ.policy.build;

import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.Hop;
import dev.writ.policy.bundle.Route;
import dev.writ.policy.eval.AuthorizerContext;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.HopContext;
import dev.writ.policy.eval.PolicyBundle;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, for every route, that the request the authorizer will send fits the schema: the
 * manifest's principal type and the route's resource type for its action, and the context
 * {@link AuthorizerContext} supplies (with a {@code sourceIp}, as REQUEST events have, and without,
 * as TOKEN events have; with the route's optional inputs and without, as a request may lack them).
 * The same for every hop and the request the writ exchange sends: the manifest's function type,
 * the hop's resource type, and {@link HopContext} (with a parent action and without, as a parent
 * writ may name none). A route or hop that fails would be refused by Cedar
 * on every request ({@code INVALID_REQUEST}); the build names it instead.
 */
final class RouteRequests {
    private static final String SAMPLE_ID = "writ-build-check";
    private static final String SAMPLE_IP = "192.0.2.1";

    private RouteRequests() {
    }

    static void check(PolicyBundle bundle, List<BundleProblem> problems) {
        checkRoutes(bundle, problems);
        for (Hop hop : bundle.manifest().hops()) {
            for (String parentAction : new String[] {SAMPLE_ID, null}) {
                Map<String, Object> context = HopContext.of(SAMPLE_ID, Set.of(), SAMPLE_ID, 1, parentAction, Instant.EPOCH);
                Evaluation decision = bundle.authorize(AuthzRequest.forHop(bundle.manifest().functionType(), hop, SAMPLE_ID, context));
                if (decision.refused()) {
                    problems.add(BundleProblem.inFile(BundleSource.MANIFEST, "hop \"" + hop.key()
                            + "\": Cedar refuses the request the writ exchange sends for it"
                            + (parentAction == null ? " without a parentAction (a parent writ that names no action)" : "")
                            + ": " + decision.errors().get(0)));
                    break;
                }
            }
        }
    }

    private static void checkRoutes(PolicyBundle bundle, List<BundleProblem> problems) {
        for (Route route : bundle.manifest().routes()) {
            firstRefusal(bundle, route).ifPresent(problems::add);
        }
    }

    /** The first of the route's requests Cedar refuses: with or without a source address, with or without its optional inputs. */
    private static Optional<BundleProblem> firstRefusal(PolicyBundle bundle, Route route) {
        for (boolean withOptional : new boolean[] {true, false}) {
            Map<String, Object> inputs = sampleInputs(route, withOptional);
            for (String sourceIp : new String[] {SAMPLE_IP, null}) {
                Optional<String> refused = refusal(bundle, route, inputs, sourceIp);
                if (refused.isPresent()) {
                    return Optional.of(BundleProblem.inFile(BundleSource.MANIFEST, "route \"" + route.key()
                            + "\": Cedar refuses the request the authorizer sends for it"
                            + (sourceIp == null ? " without a sourceIp (as for a REST TOKEN event)" : "")
                            + (withOptional ? "" : " without its optional inputs")
                            + ": " + refused.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusal(PolicyBundle bundle, Route route, Map<String, Object> inputs, String sourceIp) {
        Map<String, Object> context = AuthorizerContext.of(inputs, Instant.EPOCH, false, List.of(), sourceIp);
        Evaluation decision = bundle.authorize(new AuthzRequest(SAMPLE_ID, Set.of(), Map.of(), route.action(),
                route.resourceType(), SAMPLE_ID, context));
        return decision.refused() ? Optional.of(decision.errors().get(0)) : Optional.empty();
    }

    /**
     * A value of each route input's declared type (the types, not the values, are what the schema
     * judges), the optional ones left out unless {@code withOptional}, as a request without them is.
     */
    private static Map<String, Object> sampleInputs(Route route, boolean withOptional) {
        Map<String, Object> out = new HashMap<>();
        route.contextInputs().forEach((name, input) -> {
            if (withOptional || !input.optional()) {
                out.put(name, switch (input.type()) {
                    case LONG -> 0L;
                    case STRING -> "";
                    case BOOL -> false;
                });
            }
        });
        return out;
    }
}
