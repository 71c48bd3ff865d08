package dev.writ.policy.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.internal.AwsClients;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.policy.TestBundles;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.PolicyBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** Signs bundle files with KMS keys on the emulator (moto) and loads them through the KMS allow-list. */
class BundleKmsSigningIT {
    private static KmsClient kms;

    @BeforeAll
    static void kms() {
        if (System.getenv("AWS_ENDPOINT_URL_KMS") == null && System.getenv("AWS_ENDPOINT_URL") == null) {
            throw new IllegalStateException("AWS_ENDPOINT_URL_KMS is not set: run the integration tests through"
                    + " scripts/test, which starts the KMS emulator and exports it");
        }
        kms = AwsClients.lazyKms().get();
    }

    private static String newKey(KeySpec spec) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)
                .description("writ policy-bundles IT")).keyMetadata().arn();
    }

    private static BundleTrust allowList(String... arns) {
        return BundleTrust.keys(new KmsKeyResolver(Set.of(arns), () -> kms));
    }

    @Test
    void aBundleSignedByAKmsKeyLoadsThroughTheKmsAllowList(@TempDir Path tmp) throws Exception {
        for (KeySpec spec : new KeySpec[] {KeySpec.RSA_2048, KeySpec.ECC_NIST_P256}) {
            String arn = newKey(spec);
            // RSA as RS256: moto signs RSASSA_PSS with the maximum salt length, where AWS KMS uses
            // 32 bytes, so its PS256 signatures do not verify under a strict PS256 verifier.
            KmsSigner signer = KmsSigner.create(kms, arn, SigningAlgorithm.RS256);
            assertThat(signer.algorithm()).isEqualTo(spec == KeySpec.RSA_2048 ? SigningAlgorithm.RS256 : SigningAlgorithm.ES256);
            Path out = Files.write(tmp.resolve("payments-" + spec + ".bundle.json"), TestBundles.signed(TestBundles.PAYMENTS, signer));
            assertThat(signer.keyId()).isEqualTo(arn);
            PolicyBundle bundle = BundleLoader.load(out, allowList(arn));

            assertThat(bundle.authorize(AuthzRequest.forRoute(bundle.route("GET", "/payments").orElseThrow(), "vera",
                    Set.of("viewer"), Map.of("now", Instant.parse("2026-11-23T10:00:00Z"), "mfa", false))).isAllowed()).isTrue();
        }
    }

    @Test
    void aKmsSignedBundleIsRefusedByAnAllowListWithoutItsKeyOrWithAnotherKeysMaterial(@TempDir Path tmp) throws Exception {
        String signing = newKey(KeySpec.ECC_NIST_P256);
        String other = newKey(KeySpec.ECC_NIST_P256);
        Path out = Files.write(tmp.resolve("payments.bundle.json"),
                TestBundles.signed(TestBundles.PAYMENTS, KmsSigner.create(kms, signing)));

        assertThatThrownBy(() -> BundleLoader.load(out, allowList(other)))
                .isInstanceOfSatisfying(InvalidBundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidBundleException.ReasonCode.UNKNOWN_KEY));

        KmsKeyResolver otherResolver = new KmsKeyResolver(Set.of(other), () -> kms);
        BundleTrust swapped = BundleTrust.keys(kid -> otherResolver.resolve(other));
        assertThatThrownBy(() -> BundleLoader.load(out, swapped))
                .isInstanceOfSatisfying(InvalidBundleException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidBundleException.ReasonCode.BAD_SIGNATURE));
    }
}
