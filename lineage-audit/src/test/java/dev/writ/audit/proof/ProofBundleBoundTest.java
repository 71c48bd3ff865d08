package dev.writ.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bundle is handed out only when a verifier will read it: at most {@link ProofBundle#MAX_BYTES}. */
class ProofBundleBoundTest {
    private static final ProofFixtures F = new ProofFixtures("writ.example/123456789012/eu-west-1/lineage");

    @Test
    void aBundleWithinTheBoundIsItsCanonicalJson() {
        ProofBundle bundle = F.bundle("e1", List.of());
        BoundedBundle bounded = bundle.bounded();
        assertThat(bounded.json()).isEqualTo(bundle.toJson());
        assertThat(bounded.bundle()).isSameAs(bundle);
        assertThat(BoundedBundle.parse(bundle.toJson() + "\n").json()).as("a file's final newline is not the bundle's").isEqualTo(bundle.toJson());
    }

    @Test
    void aBundleLargerThanAVerifierReadsIsRefusedNamingTheBound() {
        ProofBundle small = F.bundle("e1", List.of());
        // A transaction of very many records: the first one, repeated until the bundle passes the bound.
        int perRecord = bytes(withRecords(small, 2)) - bytes(withRecords(small, 1));
        ProofBundle large = withRecords(small, ProofBundle.MAX_BYTES / perRecord + 1);
        assertThat(bytes(large)).isGreaterThan(ProofBundle.MAX_BYTES);
        assertThatThrownBy(large::bounded).isInstanceOf(ProofBundle.TooLargeException.class)
                .hasMessageContaining("more than the " + ProofBundle.MAX_BYTES + " bytes");
    }

    private static ProofBundle withRecords(ProofBundle b, int n) {
        return new ProofBundle(b.execId(), b.txn(), b.origin(), b.checkpoint(), b.log(), Collections.nCopies(n, b.records().get(0)));
    }

    private static int bytes(ProofBundle b) {
        return b.toJson().getBytes(StandardCharsets.UTF_8).length;
    }
}
