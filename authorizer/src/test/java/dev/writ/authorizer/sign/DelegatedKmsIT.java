package dev.writ.authorizer.sign;

import dev.writ.guard.Fixtures;
import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.ISSUER;
import static dev.writ.guard.Fixtures.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.internal.AwsClients;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.Emulators;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;

/** The kms-delegated signer against the KMS emulator over HTTP: one KMS call per delegation period. */
class DelegatedKmsIT {

    private static KmsClient kms;

    @BeforeAll
    static void client() {
        Emulators.require("KMS");
        kms = AwsClients.lazyKms().get();
    }

    private static String createKey(KeySpec spec) {
        return Emulators.newSigningKey(kms, spec);
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
        WritVerifier verifier = Fixtures.kmsVerifier(arn);
        for (int i = 0; i < 50; i++) {
            Verification v = verifier.verify(WritCodec.encode(Fixtures.writIssuedNow(), delegated), FUNCTION, REQUEST);
            assertThat(v.isAllowed()).as(v.toString()).isTrue();
        }
        assertThat(kmsSigns).hasValue(1);
    }
}
