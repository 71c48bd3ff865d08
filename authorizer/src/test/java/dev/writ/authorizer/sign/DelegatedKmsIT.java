package dev.writ.authorizer.sign;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.ISSUER;
import static dev.writ.guard.Fixtures.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.internal.AwsClients;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.Emulators;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** The kms-delegated signer against the KMS emulator over HTTP: one KMS call per delegation period. */
class DelegatedKmsIT {

    private static KmsClient kms;

    @BeforeAll
    static void client() {
        Emulators.require("KMS");
        kms = AwsClients.lazyKms().get();
    }

    private static String createKey(KeySpec spec) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
    }

    private static WritClaims writ() {
        long now = Clock.systemUTC().instant().getEpochSecond();
        return WritClaims.builder().issuer(ISSUER).subject("user-42").audience(FUNCTION).issuedAt(now).expiresAt(now + 60)
                .id("jti-" + System.nanoTime()).request(REQUEST).build();
    }

    private static WritVerifier verifierTrusting(String... keyArns) {
        return new WritVerifier(VerifierConfig.builder()
                .keys(new KmsKeyResolver(Set.of(keyArns), AwsClients.lazyKms()))
                .trustedIssuers(Set.of(ISSUER)).build());
    }

    @Test
    void delegatedModeCallsKmsOncePerDelegationPeriod() {
        String arn = createKey(KeySpec.ECC_NIST_P256);
        AtomicInteger kmsSigns = new AtomicInteger();
        KmsSigner kmsSigner = KmsSigner.create(kms, arn);
        Signer counting = new Signer() {
            @Override public String keyId() { return kmsSigner.keyId(); }
            @Override public SigningAlgorithm algorithm() { return kmsSigner.algorithm(); }
            @Override public byte[] sign(byte[] input) {
                kmsSigns.incrementAndGet();
                return kmsSigner.sign(input);
            }
        };
        DelegatedWritSigner delegated = DelegatedWritSigner.create(counting, ISSUER, Duration.ofMinutes(15),
                Duration.ofSeconds(330), Clock.systemUTC());
        WritVerifier verifier = verifierTrusting(arn);
        for (int i = 0; i < 50; i++) {
            Verification v = verifier.verify(WritCodec.encode(writ(), delegated), FUNCTION, REQUEST);
            assertThat(v.isAllowed()).as(v.toString()).isTrue();
        }
        assertThat(kmsSigns).hasValue(1);
    }
}
