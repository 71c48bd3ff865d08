package dev.writ.guard.writ;


import dev.writ.core.jose.JwsFixtures;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.SigningException;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.Fixtures;
import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.ISSUER;
import static dev.writ.guard.Fixtures.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.testsupport.Emulators;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.internal.EcdsaSignatures;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.guard.writ.WritCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;

/** KMS signing and GetPublicKey-based verification against the KMS emulator, over HTTP. */
class KmsSigningIT {

    private static KmsClient kms;

    @BeforeAll
    static void client() {
        Emulators.require("KMS");
        kms = AwsClients.lazyKms().get();
    }

    @Test
    void signsEs256WithKmsAndTheGuardVerifiesWithTheFetchedPublicKey() {
        String arn = Emulators.newSigningKey(kms, KeySpec.ECC_NIST_P256);
        KmsSigner signer = KmsSigner.create(kms, arn);
        assertThat(signer.keyId()).isEqualTo(arn);
        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ES256);
        String token = WritCodec.encode(Fixtures.writIssuedNow(), signer);
        assertThat(CompactJws.parse(token).signature()).as("JWS R||S, not DER").hasSize(64);
        Verification v = Fixtures.kmsVerifier(arn).verify(token, FUNCTION, REQUEST);
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
        // KMS returns either spelling of an ECDSA signature; the signer keeps only the low-s one.
        for (int i = 0; i < 16; i++) {
            assertThat(EcdsaSignatures.isLowS(signer.sign(("input " + i).getBytes(StandardCharsets.US_ASCII))))
                    .as("KMS signature %d in low-s form", i).isTrue();
        }
    }

    /**
     * RS256 round trip on an RSA key. PS256 is not round-tripped here: moto signs RSASSA-PSS with
     * the maximum salt length, whereas AWS KMS uses a 32-byte salt, which is what JWS PS256
     * requires and what the verifier accepts (see docs/test-environment.md, "Emulator notes").
     */
    @Test
    void signsRs256WithAnRsaKeyAndDefaultsRsaKeysToPs256() {
        String arn = Emulators.newSigningKey(kms, KeySpec.RSA_2048);
        assertThat(KmsSigner.create(kms, arn).algorithm()).isEqualTo(SigningAlgorithm.PS256);
        KmsSigner pkcs1 = KmsSigner.create(kms, arn, SigningAlgorithm.RS256);
        Verification v = Fixtures.kmsVerifier(arn).verify(WritCodec.encode(Fixtures.writIssuedNow(), pkcs1), FUNCTION, REQUEST);
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
        assertThat(CompactJws.parse(WritCodec.encode(Fixtures.writIssuedNow(), pkcs1)).signature()).hasSize(256);
    }

    @Test
    void deniesAWritSignedByAKmsKeyThatIsNotAllowListed() {
        String trusted = Emulators.newSigningKey(kms, KeySpec.ECC_NIST_P256);
        String other = Emulators.newSigningKey(kms, KeySpec.ECC_NIST_P256);
        String token = WritCodec.encode(Fixtures.writIssuedNow(), KmsSigner.create(kms, other));
        assertThat(Fixtures.kmsVerifier(trusted).verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNKNOWN_KEY);
    }

    @Test
    void deniesWhenAnAllowListedKeyDoesNotExist() {
        String missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
        String real = Emulators.newSigningKey(kms, KeySpec.ECC_NIST_P256);
        String token = WritCodec.encode(Fixtures.writIssuedNow(), KmsSigner.create(kms, real));
        // Re-sign under the missing ARN's kid with the real key: the resolver must try KMS and fail closed.
        Signer mislabelled = new Signer() {
            private final KmsSigner inner = KmsSigner.create(kms, real);
            @Override public String keyId() { return missing; }
            @Override public SigningAlgorithm algorithm() { return SigningAlgorithm.ES256; }
            @Override public byte[] sign(byte[] input) { return inner.sign(input); }
        };
        Verification v = Fixtures.kmsVerifier(missing).verify(WritCodec.encode(Fixtures.writIssuedNow(), mislabelled), FUNCTION, REQUEST);
        assertThat(v.reason()).contains(ReasonCode.UNKNOWN_KEY);
        assertThat(v.detail()).contains("GetPublicKey failed");
        assertThat(token).isNotBlank();
    }

    @Test
    void failsClosedWhenKmsIsUnreachable() {
        KmsClient dead = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:9")).build();
        assertThatThrownBy(() -> KmsSigner.create(dead, "arn:aws:kms:us-east-1:123456789012:key/x"))
                .isInstanceOf(SigningException.class).hasMessageContaining("GetPublicKey failed for");
        WritVerifier verifier = new WritVerifier(VerifierConfig.builder()
                .keys(new KmsKeyResolver(Set.of("arn:k"), () -> dead)).trustedIssuers(Set.of(ISSUER)).build());
        String token = JwsFixtures.signExactly(java.util.Map.of("alg", "ES256", "typ", "writ+jwt", "kid", "arn:k"),
                Fixtures.writIssuedNow().toJson(), dev.writ.guard.Fixtures.signer());
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNKNOWN_KEY);
    }

}
