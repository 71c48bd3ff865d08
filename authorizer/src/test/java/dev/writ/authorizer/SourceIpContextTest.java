package dev.writ.authorizer;

import dev.writ.testsupport.TestIdp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller's source IP reaches a policy that reads it (policy-bundles ActionContextTest: and only then). */
class SourceIpContextTest {

    @Test
    void aPolicyOnTheSourceNetworkSeesTheCallersAddress() throws IOException {
        // The sample bundle with one more policy file, in memory.
        BundleSource sample = BundleSource.fromDirectory(TestWorld.SAMPLE);
        Map<String, byte[]> files = new HashMap<>();
        sample.paths().forEach(path -> files.put(path, sample.bytes(path).orElseThrow()));
        files.put("policies/network.cedar", ("@id(\"blocked-network\")\n"
                + "forbid (principal, action, resource) when { context has sourceIp && context.sourceIp.isInRange(ip(\"203.0.113.0/24\")) };\n")
                .getBytes(StandardCharsets.UTF_8));
        PolicyBundle blocking = PolicyBundle.compile(BundleSource.of(files)).bundle().orElseThrow();
        try (TestIdp idp = new TestIdp()) {
            decideFromTwoNetworks(TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10),
                    new ByteArrayOutputStream()).bundle(blocking).build(), idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10));
        }
    }

    private static void decideFromTwoNetworks(Authorizer authorizer, String viewer) {
        RecordedEvent blocked = TestWorld.event("http-request", viewer, e -> { }); // sourceIp 203.0.113.10
        Decision denied = TestWorld.decide(authorizer, blocked);
        assertThat(denied.reason()).isEqualTo(ReasonCode.POLICY_DENY);
        assertThat(denied.detail()).contains("blocked-network");

        RecordedEvent elsewhere = TestWorld.event("http-request", viewer, e -> TestWorld.map(TestWorld.map(e,
                "requestContext"), "http").put("sourceIp", "198.51.100.7"));
        Decision allowed = TestWorld.decide(authorizer, elsewhere);
        assertThat(allowed.isAllowed()).isTrue();
        // The policy decided on the address, so the writ binds it: the guard refuses it from another one.
        assertThat(allowed.writ().orElseThrow().inputs().digests())
                .containsEntry(BoundInputs.SOURCE_IP, BoundInputs.digest("198.51.100.7"));
    }

    @Test
    void anAddressNoPolicyReadsIsNotBound() throws IOException {
        try (TestIdp idp = new TestIdp()) {
            Authorizer sample = TestWorld.authorizer(idp, TestWorld.clockAt(TestWorld.MONDAY_10),
                    new ByteArrayOutputStream()).build();
            Decision allowed = TestWorld.decide(sample, TestWorld.event("http-request",
                    idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10), e -> { }));
            assertThat(allowed.isAllowed()).isTrue();
            assertThat(allowed.writ().orElseThrow().inputs().digests()).doesNotContainKey(BoundInputs.SOURCE_IP);
        }
    }
}
