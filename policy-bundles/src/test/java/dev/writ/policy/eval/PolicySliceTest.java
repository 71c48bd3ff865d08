package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.EntityUID;
import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policies sent to Cedar for an action decide exactly as every policy of the bundle does. */
class PolicySliceTest {

    @Test
    void theSampleBundleDecidesAlikeForEveryRouteRoleAndContext() throws IOException {
        assertThat(SliceChecks.sampleBundleDecidesAlike(References.EVERY_POLICY)).isEqualTo(6 * 9 * 24);
    }

    @Test
    void aReadIsSentOnlyThePoliciesWhoseActionScopeCanHoldForIt() throws IOException {
        PolicyBundle payments = SliceChecks.compile(TestBundles.PAYMENTS);
        assertThat(ids(payments, "Payments::Action::\"GetPayment\"")).containsExactlyInAnyOrder("suspended-account", "read-viewer");
        assertThat(ids(payments, "Payments::Action::\"RefundPayment\"")).containsExactlyInAnyOrder("suspended-account",
                "mfa-for-writes", "positive-amount", "business-hours", "refund-approver", "admin-writes");
    }

    @Test
    void actionGroupsNestedAcrossNamespacesAndWrittenRelativeDecideAlike(@TempDir Path tmp) throws IOException {
        PolicyBundle shop = SliceChecks.compile(shopBundle(tmp));
        assertThat(ids(shop, "Shop::Action::\"View\"")).containsExactlyInAnyOrder("read-all", "locked", "view-or-refund", "admins");
        // Buy is in writes, written {"type": "Action"}: relative to the namespace Shop.
        assertThat(ids(shop, "Shop::Action::\"Buy\"")).containsExactlyInAnyOrder("locked", "buy-small", "admins", "writes-need-staff");
        assertThat(ids(shop, "Shop::Action::\"Refund\"")).containsExactlyInAnyOrder("locked", "view-or-refund", "audited",
                "admins", "writes-need-staff");
        // The groups themselves are actions of the schema too; an action it does not name gets every policy.
        assertThat(ids(shop, "Shop::Action::\"all\"")).containsExactlyInAnyOrder("locked", "admins");
        assertThat(ids(shop, "Shop::Action::\"Unknown\"")).hasSize(7);

        List<AuthzRequest> requests = new ArrayList<>();
        for (Set<String> teams : List.of(Set.<String>of(), Set.of("support"), Set.of("auditors"), Set.of("admins"),
                Set.of("staff"), Set.of("staff", "auditors"), Set.of("support", "staff"))) {
            for (String item : List.of("open", "locked", "missing")) {
                requests.add(new AuthzRequest("ann", teams, Map.of(), "Shop::Action::\"View\"", "Shop::Item", item, Map.of()));
                requests.add(new AuthzRequest("ann", teams, Map.of(), "Shop::Action::\"Unknown\"", "Shop::Item", item, Map.of()));
                for (long amount : List.of(50L, 7_000L, 50_000L)) {
                    for (String action : List.of("Buy", "Refund")) {
                        requests.add(new AuthzRequest("ann", teams, Map.of(), "Shop::Action::\"" + action + "\"",
                                "Shop::Item", item, Map.of("amount", amount)));
                    }
                }
            }
        }
        Set<String> determining = new TreeSet<>();
        boolean errors = false;
        for (AuthzRequest request : requests) {
            Evaluation d = assertAlike(shop, request);
            determining.addAll(d.determiningPolicies());
            errors |= !d.errors().isEmpty();
        }
        // Every policy decided somewhere, and some decisions carried errors: the comparison covered each scope form.
        assertThat(determining).containsExactlyInAnyOrder("read-all", "locked", "buy-small", "view-or-refund", "audited",
                "admins", "writes-need-staff");
        assertThat(errors).isTrue();
    }

    @Test
    void aScopeThatCannotBeReadHoldsForEveryAction() {
        ActionId view = new ActionId("Shop::Action", "View");
        for (Object unreadable : java.util.Arrays.asList(null, "All", Map.of(), Map.of("op", 7), Map.of("op", "is"),
                Map.of("op", "slot"))) {
            assertThat(PolicySlice.ActionScope.of(unreadable).mayHold(view, Set.of())).as("%s", unreadable).isTrue();
        }
        PolicySlice.ActionScope other = PolicySlice.ActionScope.of(Map.of("op", "==",
                "entity", Map.of("type", "Shop::Action", "id", "Buy")));
        assertThat(other.mayHold(view, Set.of())).isFalse();
    }

    private static Evaluation assertAlike(PolicyBundle bundle, AuthzRequest request) {
        return SliceChecks.assertAlike(bundle, request, References.EVERY_POLICY);
    }

    private static Set<String> ids(PolicyBundle bundle, String action) {
        return bundle.policySlice().forAction(EntityUID.parse(action).orElseThrow()).policies.stream()
                .map(Policy::getID).collect(Collectors.toSet());
    }

    /**
     * Action groups nested two deep (View in reads in all), one written relative to its namespace
     * ({@code "type": "Action"}), one in another namespace (Refund in Audit::audited); scopes of each
     * form; a condition that overflows, and a resource that is not in the store, so that some
     * decisions carry errors.
     */
    private static Path shopBundle(Path tmp) throws IOException {
        Path dir = tmp.resolve("shop");
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("manifest.json"), """
                {"name": "shop", "revision": 1, "description": "policy slice test",
                 "principal": {"type": "Shop::User", "groupType": "Shop::Team"},
                 "routes": {"GET /items/{id}": {"action": "Shop::Action::\\"View\\"",
                   "resource": {"type": "Shop::Item", "id": "{id}"}, "function": "shop"}}}
                """);
        Files.writeString(dir.resolve(BundleSource.SCHEMA_JSON), """
                {"Shop": {
                   "entityTypes": {
                     "Team": {}, "User": {"memberOfTypes": ["Team"]},
                     "Item": {"shape": {"type": "Record", "attributes": {"locked": {"type": "Boolean"}}}}},
                   "actions": {
                     "all": {},
                     "reads": {"memberOf": [{"id": "all"}]},
                     "writes": {"memberOf": [{"id": "all", "type": "Action"}]},
                     "View": {"memberOf": [{"id": "reads"}], "appliesTo": {"principalTypes": ["User"],
                       "resourceTypes": ["Item"], "context": {"type": "Record", "attributes": {}}}},
                     "Buy": {"memberOf": [{"id": "writes", "type": "Action"}], "appliesTo": {"principalTypes": ["User"],
                       "resourceTypes": ["Item"], "context": {"type": "Record", "attributes": {"amount": {"type": "Long"}}}}},
                     "Refund": {"memberOf": [{"id": "writes"}, {"id": "audited", "type": "Audit::Action"}],
                       "appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Item"],
                       "context": {"type": "Record", "attributes": {"amount": {"type": "Long"}}}}}}},
                 "Audit": {"entityTypes": {}, "actions": {"audited": {}}}}
                """);
        Files.writeString(dir.resolve("entities.json"), """
                [
                  {"uid": {"type": "Shop::Item", "id": "open"}, "attrs": {"locked": false}, "parents": []},
                  {"uid": {"type": "Shop::Item", "id": "locked"}, "attrs": {"locked": true}, "parents": []}
                ]
                """);
        Files.writeString(dir.resolve("policies/shop.cedar"), """
                @id("read-all")
                permit (principal, action in Shop::Action::"reads", resource);
                @id("locked")
                forbid (principal, action in Shop::Action::"all", resource) when { resource.locked };
                @id("buy-small")
                permit (principal, action == Shop::Action::"Buy", resource)
                when { context.amount * 1000000000000000 < 5000000000000000000 };
                @id("view-or-refund")
                permit (principal in Shop::Team::"support", action in [Shop::Action::"Refund", Shop::Action::"View"], resource);
                @id("audited")
                forbid (principal, action in Audit::Action::"audited", resource) unless { principal in Shop::Team::"auditors" };
                @id("admins")
                permit (principal in Shop::Team::"admins", action, resource);
                @id("writes-need-staff")
                forbid (principal, action in [Shop::Action::"writes"], resource) unless { principal in Shop::Team::"staff" };
                """);
        return dir;
    }
}
