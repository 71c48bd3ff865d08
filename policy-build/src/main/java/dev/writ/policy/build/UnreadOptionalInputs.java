package dev.writ.policy.build;

import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.Route;
import dev.writ.policy.eval.PolicyBundle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warns of a permit that lets a request through whatever value it carries for one of the route's
 * optional inputs. The authorizer binds an optional input into the writ whenever the request has
 * it, also when the permit that allowed the request never looked at it, so such a permit allows
 * every value: a role allowed to reach {@code POST /mcp} without a condition on {@code mcpName}
 * may read any resource by name. A permit reads an input when its conditions name
 * {@code context.<input>} or {@code context has <input>} (read from Cedar's JSON form of the
 * policy); one that allows every value on purpose says so with {@code @writ_any("<input>")}
 * (several separated by commas).
 */
final class UnreadOptionalInputs {
    /** The annotation a permit lists the optional inputs it allows any value of in. */
    static final String ANY = "writ_any";

    private UnreadOptionalInputs() {
    }

    /** One warning per route, permit and optional input the permit neither reads nor names in {@code @writ_any}. */
    static List<BundleProblem> check(PolicyBundle bundle) {
        List<BundleProblem> warnings = new ArrayList<>();
        for (Route route : bundle.manifest().routes()) {
            List<Map.Entry<String, Route.ContextInput>> optional = route.contextInputs().entrySet().stream()
                    .filter(e -> e.getValue().optional()).sorted(Map.Entry.comparingByKey()).toList();
            if (optional.isEmpty()) {
                continue;
            }
            for (Policy permit : bundle.permitsFor(route.action())) {
                Set<String> anyValue = anyValue(permit);
                for (Map.Entry<String, Route.ContextInput> input : optional) {
                    String name = input.getKey();
                    if (!anyValue.contains(name) && !PolicyBundle.mayReadContext(permit, name)) {
                        String id = permit.getID();
                        warnings.add(BundleProblem.inPolicy(bundle.policyFiles().getOrDefault(id, BundleSource.POLICIES_DIR), id,
                                "route " + route.key() + ": permit `" + id + "` allows any value of optional input " + name
                                        + " (" + input.getValue().name() + "), which the writ will bind: list the values it"
                                        + " allows, or say it allows any with @" + ANY + "(\"" + name + "\")"));
                    }
                }
            }
        }
        return warnings;
    }

    /** The inputs a permit's {@code @writ_any} names; none when it has none or its annotations cannot be read. */
    private static Set<String> anyValue(Policy permit) {
        String names;
        try {
            names = permit.getAnnotation(ANY);
        } catch (InternalException e) {
            return Set.of();
        }
        if (names == null) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                out.add(name.strip());
            }
        }
        return out;
    }
}
