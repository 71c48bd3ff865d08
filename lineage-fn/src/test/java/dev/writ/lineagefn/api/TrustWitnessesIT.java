package dev.writ.lineagefn.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import io.micronaut.context.ApplicationContext;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/trust} names the witnesses the signer submits to (keys only), requiring none itself. */
class TrustWitnessesIT {
    @Test
    void theTrustFileNamesTheConfiguredWitnesses() throws Exception {
        CosignerKey a = new CosignatureSigner("w.example/a", KeyPairGenerator.getInstance("Ed25519").generateKeyPair()).key();
        CosignerKey b = new CosignatureSigner("w.example/b", KeyPairGenerator.getInstance("Ed25519").generateKeyPair()).key();
        String table = LineageFixtures.newTable(Emulators.dynamoDb());
        String key = LineageFixtures.newCheckpointKey(Emulators.kms());
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("writ.lineage.table", table, "writ.checkpoint.kms-key-id", key,
                "writ.checkpoint.origin", "writ.example/o", "writ.checkpoint.witnesses",
                a.verifierKey() + " https://a.example/, " + b.verifierKey() + " https://b.example/"))) {
            TrustPolicy trust = TrustPolicy.parse(ctx.getBean(TrustController.class).trust());
            assertThat(trust.witnesses()).containsExactly(a, b);
            assertThat(trust.witnessesRequired()).isZero();
            assertThat(trust.origin()).isEqualTo("writ.example/o");
        }
    }
}
