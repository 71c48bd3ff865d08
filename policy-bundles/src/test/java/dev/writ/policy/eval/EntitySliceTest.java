package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import dev.writ.policy.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slice of static entities sent to Cedar decides exactly as the whole store does. */
class EntitySliceTest {
    @Test
    void theSampleBundleDecidesAlikeForEveryRouteRoleAndContext() throws IOException {
        assertThat(SliceChecks.sampleBundleDecidesAlike(References.WHOLE_STORE)).isEqualTo(6 * 9 * 24);
    }

    @Test
    void groupsAreNotSentButTheirAncestorsBecomeThePrincipalsParents() throws IOException {
        PolicyBundle payments = SliceChecks.compile(TestBundles.PAYMENTS);
        EntitySlice slice = payments.entitySlice();
        EntityTypeName group = EntityTypeName.parse("Payments::Group").orElseThrow();
        EntityUID payment = EntityTypeName.parse("Payments::Payment").orElseThrow().of("p-1");

        assertThat(slice.forRequest(payment)).isEmpty();
        assertThat(slice.principalParents(Set.of(group.of("viewer")))).containsExactly(group.of("viewer"));
        assertThat(slice.principalParents(Set.of(group.of("admin")))).containsExactlyInAnyOrder(group.of("admin"),
                group.of("approver"), group.of("clerk"), group.of("viewer"));
        assertThat(slice.principalParents(Set.of(group.of("auditor")))).containsExactly(group.of("auditor"));
    }

    @Test
    void entitiesNamedInConditionsHeldInAttributesOrServingAsResourceAreSent(@TempDir Path tmp) throws IOException {
        PolicyBundle docs = SliceChecks.compile(docsBundle(tmp));
        List<AuthzRequest> requests = new ArrayList<>();
        for (Set<String> teams : List.of(Set.<String>of(), Set.of("ops"), Set.of("dev"), Set.of("interns"))) {
            for (String folder : List.of("root", "shared", "private", "vault", "elsewhere")) {
                for (String action : List.of("Docs::Action::\"Read\"", "Docs::Action::\"Write\"")) {
                    requests.add(new AuthzRequest("ann", teams, Map.of(), action, "Docs::Folder", folder, Map.of()));
                }
            }
        }
        Set<String> outcomes = new java.util.TreeSet<>();
        for (AuthzRequest request : requests) {
            Evaluation d = assertAlike(docs, request);
            outcomes.add(d.effect() + " " + d.determiningPolicies() + " " + !d.errors().isEmpty());
        }
        // Every rule decided something somewhere, so the comparison covered each reason to send an entity.
        assertThat(outcomes).anyMatch(o -> o.contains("oncall"))
                .anyMatch(o -> o.contains("owner"))
                .anyMatch(o -> o.contains("under-root"))
                .anyMatch(o -> o.contains("tagged"))
                .anyMatch(o -> o.contains("no-interns"))
                .anyMatch(o -> o.contains("org-writes-root"))
                .anyMatch(o -> o.startsWith("DENY []"));
        EntitySlice slice = docs.entitySlice();
        EntityTypeName folder = EntityTypeName.parse("Docs::Folder").orElseThrow();
        EntityTypeName team = EntityTypeName.parse("Docs::Team").orElseThrow();
        // ops (and its parent acme) and dev: named in conditions; shared, its parent root and its owner dev: the
        // resource and what it reaches. No team is sent as a group of the principal.
        assertThat(ids(slice.forRequest(folder.of("shared")))).containsExactlyInAnyOrder("ops", "acme", "shared", "root", "dev");
        assertThat(ids(slice.forRequest(folder.of("elsewhere")))).containsExactlyInAnyOrder("ops", "acme", "dev");
        assertThat(slice.principalParents(Set.of(team.of("interns")))).containsExactlyInAnyOrder(team.of("interns"),
                team.of("dev"), team.of("ops"), EntityTypeName.parse("Docs::Org").orElseThrow().of("acme"));
    }

    private static Evaluation assertAlike(PolicyBundle bundle, AuthzRequest request) {
        return SliceChecks.assertAlike(bundle, request, References.WHOLE_STORE);
    }

    /**
     * Teams nest, under an organisation of another type (which a user's schema parents do not
     * name); folders nest and have owners; one condition names a team; interns are forbidden.
     * A static entity for an action is never sent: Cedar takes actions from the schema.
     */
    private static Path docsBundle(Path tmp) throws IOException {
        Path dir = tmp.resolve("docs");
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("manifest.json"), """
                {"name": "docs", "revision": 1, "description": "slice test",
                 "principal": {"type": "Docs::User", "groupType": "Docs::Team"},
                 "routes": {"GET /folders/{id}": {"action": "Docs::Action::\\"Read\\"",
                   "resource": {"type": "Docs::Folder", "id": "{id}"}, "function": "docs"}}}
                """);
        Files.writeString(dir.resolve("schema.cedarschema"), """
                namespace Docs {
                  entity Org;
                  entity Team in [Team, Org] = { oncall: Bool };
                  entity User in [Team];
                  entity Folder in [Folder] = { owner: Team, readers: Set<Team> };
                  action Read, Write appliesTo { principal: [User], resource: [Folder], context: {} };
                }
                """);
        Files.writeString(dir.resolve("entities.json"), """
                [
                  {"uid": {"type": "Docs::Action", "id": "Read"}, "attrs": {}, "parents": []},
                  {"uid": {"type": "Docs::Org", "id": "acme"}, "attrs": {}, "parents": []},
                  {"uid": {"type": "Docs::Team", "id": "ops"}, "attrs": {"oncall": true}, "parents": [{"type": "Docs::Org", "id": "acme"}]},
                  {"uid": {"type": "Docs::Team", "id": "dev"}, "attrs": {"oncall": false}, "parents": [{"type": "Docs::Team", "id": "ops"}]},
                  {"uid": {"type": "Docs::Team", "id": "interns"}, "attrs": {"oncall": false}, "parents": [{"type": "Docs::Team", "id": "dev"}]},
                  {"uid": {"type": "Docs::Folder", "id": "root"}, "attrs": {"owner": {"__entity": {"type": "Docs::Team", "id": "ops"}}, "readers": []}, "parents": []},
                  {"uid": {"type": "Docs::Folder", "id": "shared"}, "attrs": {"owner": {"__entity": {"type": "Docs::Team", "id": "dev"}}, "readers": [{"__entity": {"type": "Docs::Team", "id": "dev"}}]}, "parents": [{"type": "Docs::Folder", "id": "root"}]},
                  {"uid": {"type": "Docs::Folder", "id": "private"}, "attrs": {"owner": {"__entity": {"type": "Docs::Team", "id": "interns"}}, "readers": []}, "parents": []},
                  {"uid": {"type": "Docs::Folder", "id": "vault"}, "attrs": {"owner": {"__entity": {"type": "Docs::Team", "id": "interns"}}, "readers": [{"__entity": {"type": "Docs::Team", "id": "dev"}}]}, "parents": []}
                ]
                """);
        Files.writeString(dir.resolve("policies/docs.cedar"), """
                @id("oncall")
                permit (principal, action == Docs::Action::"Read", resource) when { Docs::Team::"ops".oncall && principal in Docs::Team::"ops" };
                @id("owner")
                permit (principal, action, resource) when { principal in resource.owner };
                @id("under-root")
                permit (principal in Docs::Team::"dev", action == Docs::Action::"Read", resource in Docs::Folder::"root");
                @id("tagged")
                permit (principal, action == Docs::Action::"Write", resource) when { resource.readers.contains(Docs::Team::"dev") && resource.owner in Docs::Team::"ops" };
                @id("org-writes-root")
                permit (principal in Docs::Org::"acme", action == Docs::Action::"Write", resource in Docs::Folder::"root");
                @id("no-interns")
                forbid (principal in Docs::Team::"interns", action == Docs::Action::"Write", resource);
                """);
        return dir;
    }

    private static List<String> ids(Set<Entity> entities) {
        return entities.stream().map(e -> e.getEUID().getId().toString()).collect(Collectors.toList());
    }
}
