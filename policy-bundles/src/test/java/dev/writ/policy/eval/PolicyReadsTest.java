package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.EntityTypeName;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyReadsTest {

    private static PolicyReads reads(String... sources) {
        List<Policy> policies = new java.util.ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            policies.add(new Policy(sources[i], "p" + i));
        }
        return PolicyReads.of(PolicyJson.of(policies));
    }

    @Test
    void contextAttributesReadOrTestedAreReadableOthersAreNot() {
        PolicyReads r = reads(
                "permit (principal, action, resource) when { context.mfa && context has amount };",
                "forbid (principal, action, resource) unless { context.sourceIp.isInRange(ip(\"10.0.0.0/8\")) };");

        assertThat(r.mayReadContext("mfa")).isTrue();
        assertThat(r.mayReadContext("amount")).isTrue();
        assertThat(r.mayReadContext("sourceIp")).isTrue();
        assertThat(r.mayReadContext("scopes")).isFalse();
        assertThat(reads("permit (principal, action, resource) when { context[\"sourceIp\"] == ip(\"10.0.0.1\") };")
                .mayReadContext("sourceIp")).isTrue();
    }

    @Test
    void anAttributeOfThatNameAnywhereCountsAndContextUsedWholeMakesEverythingReadable() {
        assertThat(reads("permit (principal, action, resource) when { resource.sourceIp == \"x\" };")
                .mayReadContext("sourceIp")).isTrue();
        PolicyReads whole = reads("permit (principal, action, resource) when { context == {\"mfa\": true} };");
        assertThat(whole.mayReadContext("sourceIp")).isTrue();
        assertThat(whole.namedEntities()).isNull();
        assertThat(reads("permit (principal, action, resource) when { {\"c\": context}.c.mfa };")
                .mayReadContext("sourceIp")).isTrue();
    }

    @Test
    void entitiesNamedInConditionsButNotInScopes() {
        PolicyReads r = reads("permit (principal in A::Group::\"scope\", action, resource) "
                + "when { A::Group::\"cond\".level > 1 && [A::Team::\"t\"].contains(resource.owner) };");

        EntityTypeName group = EntityTypeName.parse("A::Group").orElseThrow();
        EntityTypeName team = EntityTypeName.parse("A::Team").orElseThrow();
        assertThat(r.namedEntities()).containsExactlyInAnyOrder(group.of("cond"), team.of("t"));
    }
}
