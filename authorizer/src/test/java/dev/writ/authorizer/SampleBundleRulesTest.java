package dev.writ.authorizer;

import dev.writ.testsupport.TestIdp;
import dev.writ.guard.writ.WritClaims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.event.RecordedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the sample bundle, both ways, through the whole authorizer: a real HTTP API
 * authorizer event, a token checked against the IdP's JWKS over HTTP, the route mapping, Cedar,
 * and the writ it issues.
 */
class SampleBundleRulesTest {
    private static final Instant EVENING = Instant.parse("2026-11-23T19:00:00Z");
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    record Case(String name, String method, String routeKey, String path, Map<String, String> params,
                List<String> groups, Long amount, boolean mfa, Instant at, boolean allow, List<String> determining,
                String function) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Map<String, String> p = Map.of("paymentId", "p-1001");
        String get = "GET /payments/{paymentId}";
        String list = "GET /payments";
        String create = "POST /payments";
        String approve = "POST /payments/{paymentId}/approve";
        String refund = "POST /payments/{paymentId}/refund";
        Instant t = TestWorld.MONDAY_10;
        return Stream.of(
                new Case("read-viewer: a viewer reads a payment", "GET", get, "/payments/p-1001", p, List.of("viewer"), null, true, t, true, List.of("read-viewer"), "payments-read"),
                new Case("read-viewer: a viewer lists payments without MFA", "GET", list, "/payments", Map.of(), List.of("viewer"), null, false, t, true, List.of("read-viewer"), "payments-read"),
                new Case("read-viewer: no role, no read (default deny)", "GET", get, "/payments/p-1001", p, List.of(), null, true, t, false, List.of(), null),
                new Case("create-clerk: a clerk creates at the limit", "POST", create, "/payments", Map.of(), List.of("clerk"), 10000L, true, t, true, List.of("create-clerk"), "payments-write"),
                new Case("create-clerk: a clerk cannot create over the limit", "POST", create, "/payments", Map.of(), List.of("clerk"), 10001L, true, t, false, List.of(), null),
                new Case("create-clerk: a viewer cannot create", "POST", create, "/payments", Map.of(), List.of("viewer"), 10L, true, t, false, List.of(), null),
                new Case("create-approver: an approver creates 100000", "POST", create, "/payments", Map.of(), List.of("approver"), 100000L, true, t, true, List.of("create-approver"), "payments-write"),
                new Case("create-approver: not 100001", "POST", create, "/payments", Map.of(), List.of("approver"), 100001L, true, t, false, List.of(), null),
                new Case("approve-approver: an approver approves 100000", "POST", approve, "/payments/p-1001/approve", p, List.of("approver"), 100000L, true, t, true, List.of("approve-approver"), "payments-approve"),
                new Case("approve-approver: a clerk cannot approve", "POST", approve, "/payments/p-1001/approve", p, List.of("clerk"), 50L, true, t, false, List.of(), null),
                new Case("refund-approver: an approver refunds 5000", "POST", refund, "/payments/p-1001/refund", p, List.of("approver"), 5000L, true, t, true, List.of("refund-approver"), "payments-refund"),
                new Case("refund-approver: not 5001", "POST", refund, "/payments/p-1001/refund", p, List.of("approver"), 5001L, true, t, false, List.of(), null),
                new Case("admin-writes: an admin refunds any amount", "POST", refund, "/payments/p-1001/refund", p, List.of("admin"), 1_000_000L, true, t, true, List.of("admin-writes"), "payments-refund"),
                new Case("admin-writes: a clerk does not get admin limits", "POST", create, "/payments", Map.of(), List.of("clerk"), 1_000_000L, true, t, false, List.of(), null),
                new Case("suspended-account: a suspended admin cannot read", "GET", get, "/payments/p-1001", p, List.of("admin", "suspended"), null, true, t, false, List.of("suspended-account"), null),
                new Case("mfa-for-writes: no MFA, no write", "POST", create, "/payments", Map.of(), List.of("clerk"), 100L, false, t, false, List.of("mfa-for-writes"), null),
                new Case("positive-amount: an admin cannot create 0", "POST", create, "/payments", Map.of(), List.of("admin"), 0L, true, t, false, List.of("positive-amount"), null),
                new Case("business-hours: no approval at 19:00 UTC", "POST", approve, "/payments/p-1001/approve", p, List.of("approver"), 100L, true, EVENING, false, List.of("business-hours"), null),
                new Case("business-hours: reads at 19:00 UTC are fine", "GET", get, "/payments/p-1001", p, List.of("viewer"), null, true, EVENING, true, List.of("read-viewer"), "payments-read")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesEachRuleOfTheSampleBundle(Case c) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Authorizer authorizer = TestWorld.authorizer(idp, TestWorld.clockAt(c.at()), log).build();
        String token = idp.token("user-" + c.groups().size(), c.groups(), c.at(),
                b -> b.claim("amr", c.mfa() ? List.of("pwd", "mfa") : List.of("pwd")));
        RecordedEvent event = TestWorld.event("http-request", token,
                TestWorld.httpRoute(c.method(), c.routeKey(), c.path(), c.params(), c.amount()));

        Decision decision = TestWorld.decide(authorizer, event);

        assertThat(decision.isAllowed()).as(decision.reason() + " " + decision.detail()).isEqualTo(c.allow());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"decision\":\"" + (c.allow() ? "allow" : "deny") + "\"");
        if (c.allow()) {
            WritClaims writ = decision.writ().orElseThrow();
            assertThat(writ.audience()).containsExactly(c.function());
            assertThat(writ.policy().orElseThrow().policyIds()).containsExactlyInAnyOrderElementsOf(c.determining());
            assertThat(writ.request().orElseThrow().method()).isEqualTo(c.method());
            assertThat(writ.request().orElseThrow().path()).isEqualTo("/prod" + c.path());
        } else {
            assertThat(decision.reason()).isEqualTo(ReasonCode.POLICY_DENY);
            assertThat(decision.detail()).contains(c.determining().toString());
        }
    }
}
