package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.Route;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For the tests that compare {@link PolicyBundle#authorize} with a reference way of deciding ({@link References}):
 * compiling their bundles, and the sample bundle's routes × role sets × contexts.
 */
final class SliceChecks {
    private static final List<Set<String>> GROUPS = List.of(Set.of(), Set.of("viewer"), Set.of("clerk"),
            Set.of("approver"), Set.of("admin"), Set.of("suspended"), Set.of("admin", "suspended"),
            Set.of("auditor"), Set.of("clerk", "auditor"));

    private SliceChecks() {
    }

    /** Compiles a bundle folder that must have no problems. */
    static PolicyBundle compile(Path dir) throws IOException {
        PolicyBundle.Compiled c = PolicyBundle.compile(BundleSource.fromDirectory(dir));
        assertThat(c.problems()).isEmpty();
        return c.bundle().orElseThrow();
    }

    /** Asserts that the slice decides as the reference: decision, determining policies and errors. */
    static Evaluation assertAlike(PolicyBundle bundle, AuthzRequest request, CedarInputs reference) {
        Evaluation sliced = bundle.authorize(request);
        assertThat(sliced).as("%s", request).isEqualTo(bundle.authorize(request, reference));
        return sliced;
    }

    /**
     * Asserts it for the sample bundle's every route × 9 role sets × 24 contexts (in and out of
     * business hours, with and without MFA, five amounts or none); returns how many were compared.
     */
    static int sampleBundleDecidesAlike(CedarInputs reference) throws IOException {
        PolicyBundle payments = compile(TestBundles.PAYMENTS);
        List<Map<String, Object>> contexts = new ArrayList<>();
        for (Instant now : List.of(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T20:00:00Z"))) {
            for (boolean mfa : List.of(true, false)) {
                // With MFA, the optional attributes too (the sample's policies read neither).
                Map<String, Object> base = mfa ? Map.of("now", now, "mfa", true, "scopes", Set.of("payments/read"),
                        "sourceIp", Map.of("__extn", Map.of("fn", "ip", "arg", "203.0.113.10"))) : Map.of("now", now, "mfa", false);
                for (long amount : List.of(-5L, 50L, 7_000L, 50_000L, 500_000L)) {
                    Map<String, Object> context = new java.util.HashMap<>(base);
                    context.put("amount", amount);
                    contexts.add(context);
                }
                contexts.add(base);
            }
        }
        int compared = 0;
        for (Route route : payments.manifest().routes()) {
            for (Set<String> groups : GROUPS) {
                for (Map<String, Object> context : contexts) {
                    assertAlike(payments, new AuthzRequest("u-1", groups, Map.of(), route.action(), route.resourceType(),
                            "p-1", context), reference);
                    compared++;
                }
            }
        }
        return compared;
    }
}
