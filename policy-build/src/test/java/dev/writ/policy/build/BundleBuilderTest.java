package dev.writ.policy.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code writ bundle build}: a bundle that passes its checks is signed into a file the loader takes; one that fails writes nothing. */
class BundleBuilderTest {

    @Test
    void buildsTheSampleWithALocalKeyFolderIntoAFileItsPublicJwksLoads(@TempDir Path tmp) throws Exception {
        Path keys = tmp.resolve("keys");
        LocalKeys.writeNew(keys, SigningAlgorithm.ES256);
        Path out = tmp.resolve("out/payments-api.bundle.json");

        BundleBuilder.Built built = BundleBuilder.build(TestBundles.PAYMENTS,
                LocalSigner.fromJwkFile(keys.resolve(LocalKeys.PRIVATE_JWK)), out);

        String hash = BundleSource.fromDirectory(TestBundles.PAYMENTS).contentHash();
        assertThat(built).isEqualTo(new BundleBuilder.Built("payments-api", 3, hash, out, BundleTester.test(TestBundles.PAYMENTS)));
        assertThat(built.report().warnings()).isEmpty();
        PolicyBundle loaded = BundleLoader.load(out, BundleTrust.jwksFile(keys.resolve(LocalKeys.PUBLIC_JWKS)));
        assertThat(loaded.label()).isEqualTo("payments-api@3#" + hash);
    }

    @Test
    void aBundleThatFailsItsDecisionTestsIsNotWritten(@TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyPayments(tmp);
        TestBundles.edit(dir.resolve("policies/write.cedar"), "context.amount <= 10000", "context.amount < 10000");
        Path keys = tmp.resolve("keys");
        LocalKeys.writeNew(keys, SigningAlgorithm.ES256);
        Path out = tmp.resolve("payments-api.bundle.json");

        assertThatThrownBy(() -> BundleBuilder.build(dir, LocalSigner.fromJwkFile(keys.resolve(LocalKeys.PRIVATE_JWK)), out))
                .isInstanceOfSatisfying(BundleBuilder.BuildFailedException.class, e -> {
                    assertThat(e.report().testsFailed()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("test \"clerk creates at the clerk limit\": expected ALLOW, got DENY");
                });
        assertThat(out).doesNotExist();
    }
}
