package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.model.schema.Schema;
import com.cedarpolicy.value.EntityUID;
import dev.writ.core.json.Json;
import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleProblem;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.Route;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each action's context gets the supplied attributes its schema declares, optional ones only when
 * a policy the action can need reads them, and decides exactly as with every declared attribute.
 */
class ActionContextTest {
    private static final Instant TEN_UTC = Instant.parse("2026-11-23T10:00:00Z");
    private static final Map<String, Object> BLOCKED_IP = Map.of("__extn", Map.of("fn", "ip", "arg", "203.0.113.10"));
    private static final Map<String, Object> OTHER_IP = Map.of("__extn", Map.of("fn", "ip", "arg", "198.51.100.7"));

    @Test
    void theSampleSchemaGivesReadsAndWritesTheirOwnContexts() throws Exception {
        Map<EntityUID, Map<String, Boolean>> declared = ContextDeclarations.of(Json.parseObject(Schema.parse(
                Schema.JsonOrCedar.Cedar, Files.readString(TestBundles.PAYMENTS.resolve(BundleSource.SCHEMA_CEDAR)))
                .toJsonFormat().toString()));

        assertThat(declared.get(action("Payments::Action::\"GetPayment\"")))
                .isEqualTo(Map.of("mfa", true, "sourceIp", false, "scopes", false));
        assertThat(declared.get(action("Payments::Action::\"CreatePayment\"")))
                .isEqualTo(Map.of("now", true, "mfa", true, "sourceIp", false, "scopes", false, "amount", true));
        assertThat(declared.get(action("Payments::Action::\"InvokeLedger\"")))
                .isEqualTo(Map.of("subject", true, "roles", true, "txn", true, "depth", true, "parentAction", false));
        assertThat(declared.get(action("Payments::Action::\"UseTools\"")))
                .isEqualTo(Map.of("mfa", true, "sourceIp", false, "scopes", false, "mcpMethod", false, "mcpName", false));
        assertThat(declared.get(action("Payments::Action::\"refund_payment\"")))
                .isEqualTo(Map.of("agent", true, "mfa", true, "input", true));
        assertThat(declared).hasSize(12);
    }

    @Test
    void contextTypesAreFollowedAsCedarResolvesTheirNames() {
        Map<String, Object> schema = Json.parseObject("""
                {"A": {"commonTypes": {
                         "Ctx": {"type": "Record", "attributes": {"x": {"type": "Long"}, "y": {"type": "Long", "required": false}}},
                         "Alias": {"type": "Ctx"},
                         "Shared": {"type": "Record", "attributes": {"local": {"type": "Long"}}},
                         "Loop1": {"type": "Loop2"}, "Loop2": {"type": "Loop1"}},
                       "actions": {
                         "inline": {"appliesTo": {"context": {"type": "Record", "attributes": {"i": {"type": "Bool"}}}}},
                         "named": {"appliesTo": {"context": {"type": "Ctx"}}},
                         "aliased": {"appliesTo": {"context": {"type": "Alias"}}},
                         "entityOrCommon": {"appliesTo": {"context": {"type": "EntityOrCommon", "name": "Ctx"}}},
                         "qualified": {"appliesTo": {"context": {"type": "B::Other"}}},
                         "inBoth": {"appliesTo": {"context": {"type": "Shared"}}},
                         "fromEmpty": {"appliesTo": {"context": {"type": "OnlyInEmpty"}}},
                         "noContext": {"appliesTo": {"principalTypes": [], "resourceTypes": []}},
                         "emptyRecord": {"appliesTo": {"context": {"type": "Record"}}},
                         "open": {"appliesTo": {"context": {"type": "Record", "attributes": {}, "additionalAttributes": true}}},
                         "unknownName": {"appliesTo": {"context": {"type": "Nope"}}},
                         "loop": {"appliesTo": {"context": {"type": "Loop1"}}},
                         "notARecord": {"appliesTo": {"context": {"type": "Long"}}},
                         "group": {}}},
                 "B": {"commonTypes": {"Other": {"type": "Record", "attributes": {"w": {"type": "String"}}}}},
                 "": {"commonTypes": {
                        "Shared": {"type": "Record", "attributes": {"empty": {"type": "Long"}}},
                        "OnlyInEmpty": {"type": "Record", "attributes": {"e": {"type": "Long", "required": true}}}}}}
                """);

        Map<EntityUID, Map<String, Boolean>> declared = ContextDeclarations.of(schema);

        Map<String, Boolean> xy = Map.of("x", true, "y", false);
        assertThat(declared.get(a("inline"))).isEqualTo(Map.of("i", true));
        assertThat(declared.get(a("named"))).isEqualTo(xy);
        assertThat(declared.get(a("aliased"))).isEqualTo(xy);
        assertThat(declared.get(a("entityOrCommon"))).isEqualTo(xy);
        assertThat(declared.get(a("qualified"))).isEqualTo(Map.of("w", true));
        assertThat(declared.get(a("fromEmpty"))).isEqualTo(Map.of("e", true));
        assertThat(declared.get(a("noContext"))).isEmpty();
        assertThat(declared.get(a("emptyRecord"))).isEmpty();
        // Left out, so they get whatever is supplied: Cedar is the judge of those. "inBoth" names a
        // type defined in its own namespace and in the empty one: in doubt, not read.
        for (String unread : List.of("inBoth", "open", "unknownName", "loop", "notARecord", "group")) {
            assertThat(declared).as(unread).doesNotContainKey(a(unread));
        }
    }

    @Test
    void anOptionalAttributeGoesOnlyToTheActionsWhosePoliciesReadIt(@TempDir Path tmp) throws IOException {
        PolicyBundle bundle = blockingGetPayment(tmp);
        Map<String, Object> supplied = Map.of("now", TEN_UTC, "mfa", true, "sourceIp", BLOCKED_IP,
                "scopes", Set.of("payments/read"), "amount", 10L);

        assertThat(bundle.actionContext("Payments::Action::\"GetPayment\"").select(supplied).keySet())
                .containsExactlyInAnyOrder("mfa", "sourceIp");
        assertThat(bundle.actionContext("Payments::Action::\"ListPayments\"").select(supplied).keySet())
                .containsExactlyInAnyOrder("mfa");
        assertThat(bundle.actionContext("Payments::Action::\"CreatePayment\"").select(supplied).keySet())
                .containsExactlyInAnyOrder("now", "mfa", "amount");
        assertThat(References.EVERY_DECLARED_ATTRIBUTE.context(
                bundle.actionContext("Payments::Action::\"CreatePayment\""), supplied).keySet())
                .containsExactlyInAnyOrder("now", "mfa", "amount", "sourceIp", "scopes");

        // `now` and `amount` are not in a read's context: left out, not refused.
        Evaluation blocked = bundle.authorize(request(route(bundle, "GetPayment"), Set.of("viewer"), supplied));
        assertThat(blocked.effect()).isEqualTo(Evaluation.Effect.DENY);
        assertThat(blocked.determiningPolicies()).containsExactly("blocked-network");
        assertThat(blocked.errors()).isEmpty();
        Evaluation elsewhere = bundle.authorize(request(route(bundle, "GetPayment"), Set.of("viewer"),
                Map.of("now", TEN_UTC, "mfa", true, "sourceIp", OTHER_IP)));
        assertThat(elsewhere.determiningPolicies()).containsExactly("read-viewer");
        assertThat(bundle.authorize(request(route(bundle, "ListPayments"), Set.of("viewer"), supplied)).isAllowed()).isTrue();
    }

    @Test
    void policiesWhoseReadsAreUnknownGetEveryDeclaredAttribute() {
        // Cedar could not show the policies as JSON: any of them may read any attribute.
        ActionContext unread = new ActionContext(Map.of("mfa", true, "sourceIp", false), PolicyReads.of(Optional.empty()));

        assertThat(unread.select(Map.of("mfa", true, "sourceIp", BLOCKED_IP, "now", TEN_UTC)).keySet())
                .containsExactlyInAnyOrder("mfa", "sourceIp");
    }

    @Test
    void decisionsAreTheSameAsWithEveryDeclaredAttribute(@TempDir Path tmp) throws IOException {
        assertThat(SliceChecks.sampleBundleDecidesAlike(References.EVERY_DECLARED_ATTRIBUTE)).isEqualTo(6 * 9 * 24);

        PolicyBundle bundle = blockingGetPayment(tmp);
        int denied = 0;
        for (Route route : bundle.manifest().routes()) {
            for (Set<String> groups : List.of(Set.<String>of(), Set.of("viewer"), Set.of("admin"), Set.of("suspended"))) {
                for (Object ip : List.of(BLOCKED_IP, OTHER_IP)) {
                    for (boolean mfa : List.of(true, false)) {
                        AuthzRequest request = request(route, groups, Map.of("now", TEN_UTC, "mfa", mfa, "sourceIp", ip,
                                "scopes", Set.of(), "amount", 10L));
                        Evaluation d = SliceChecks.assertAlike(bundle, request, References.EVERY_DECLARED_ATTRIBUTE);
                        denied += d.determiningPolicies().contains("blocked-network") ? 1 : 0;
                    }
                }
            }
        }
        assertThat(denied).as("the policy that reads sourceIp decided some").isPositive();
    }

    @Test
    void aRouteInputTheActionDoesNotDeclareFailsTheBuild(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("manifest.json"), "\"function\": \"payments-read\"\n    },\n    \"GET /payments/{paymentId}\"",
                "\"function\": \"payments-read\",\n      \"context\": {\"amount\": {\"from\": \"query\", \"name\": \"amount\", \"type\": \"Long\"}}\n"
                        + "    },\n    \"GET /payments/{paymentId}\"");

        assertThat(refusals(dir)).containsExactly("manifest.json: route \"GET /payments\": "
                + "context input \"amount\" is not in the context the schema declares for Payments::Action::\"ListPayments\""
                + " (mfa, scopes, sourceIp)");
    }

    @Test
    void anOptionalRouteInputTheSchemaDeclaresRequiredFailsTheBuild(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("schema.cedarschema"), "mcpName?: String,", "mcpName: String,");

        assertThat(refusals(dir)).contains("manifest.json: route \"POST /mcp\": "
                + "context input \"mcpName\" is optional, but the schema declares it required for Payments::Action::\"UseTools\""
                + " (declare it \"mcpName?\")");
    }

    @Test
    void aPolicyReadingAnOptionalInputWithoutHasFailsTheBuild(@TempDir Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        Files.writeString(dir.resolve("policies/unguarded.cedar"), """
                @id("unguarded-name")
                permit (principal, action == Payments::Action::"UseTools", resource)
                when { context.mcpName == "payments://limits/clerk" };
                """);

        assertThat(refusals(dir)).singleElement().asString()
                .startsWith("policies/unguarded.cedar: policy \"unguarded-name\": line 3: ")
                .contains("unable to guarantee safety of access to optional attribute `mcpName`");
    }

    /** The problems for which the bundle in {@code dir} does not compile (none compiled). */
    private static List<String> refusals(Path dir) throws IOException {
        PolicyBundle.Compiled c = PolicyBundle.compile(BundleSource.fromDirectory(dir));
        assertThat(c.bundle()).isEmpty();
        return c.problems().stream().map(BundleProblem::toString).toList();
    }

    /** The sample bundle with a forbid on GetPayment from one network: only that action reads sourceIp. */
    private static PolicyBundle blockingGetPayment(Path tmp) throws IOException {
        Path dir = TestBundles.copyPayments(tmp);
        Files.writeString(dir.resolve("policies/network.cedar"), """
                @id("blocked-network")
                forbid (principal, action == Payments::Action::"GetPayment", resource)
                when { context has sourceIp && context.sourceIp.isInRange(ip("203.0.113.0/24")) };
                """);
        return SliceChecks.compile(dir);
    }

    private static Route route(PolicyBundle bundle, String action) {
        return bundle.manifest().routes().stream().filter(r -> r.action().endsWith("\"" + action + "\"")).findFirst().orElseThrow();
    }

    private static AuthzRequest request(Route route, Set<String> groups, Map<String, Object> context) {
        return new AuthzRequest("u-1", groups, Map.of(), route.action(), route.resourceType(), "p-1", context);
    }

    private static EntityUID action(String uid) {
        return EntityUID.parse(uid).orElseThrow();
    }

    private static EntityUID a(String id) {
        return action("A::Action::\"" + id + "\"");
    }
}
