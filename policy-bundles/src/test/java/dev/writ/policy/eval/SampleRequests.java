package dev.writ.policy.eval;

import dev.writ.policy.bundle.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Requests over the sample bundle's routes, role sets and contexts, for tests that compare two ways of deciding. */
final class SampleRequests {
    static final List<Set<String>> GROUPS = List.of(Set.of(), Set.of("viewer"), Set.of("clerk"),
            Set.of("approver"), Set.of("admin"), Set.of("suspended"), Set.of("admin", "suspended"),
            Set.of("auditor"), Set.of("clerk", "auditor"));

    private SampleRequests() {
    }

    /** Every route × {@link #GROUPS} × 24 contexts (in and out of business hours, with and without MFA, five amounts or none). */
    static List<AuthzRequest> all(PolicyBundle payments) {
        List<Map<String, Object>> contexts = new ArrayList<>();
        for (Instant now : List.of(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T20:00:00Z"))) {
            for (boolean mfa : List.of(true, false)) {
                for (long amount : List.of(-5L, 50L, 7_000L, 50_000L, 500_000L)) {
                    contexts.add(Map.of("now", now, "mfa", mfa, "amount", amount));
                }
                contexts.add(Map.of("now", now, "mfa", mfa));
            }
        }
        List<AuthzRequest> requests = new ArrayList<>();
        for (Route route : payments.manifest().routes()) {
            for (Set<String> groups : GROUPS) {
                for (Map<String, Object> context : contexts) {
                    requests.add(new AuthzRequest("u-1", groups, Map.of(), route.action(), route.resourceType(), "p-1",
                            context));
                }
            }
        }
        return requests;
    }
}
