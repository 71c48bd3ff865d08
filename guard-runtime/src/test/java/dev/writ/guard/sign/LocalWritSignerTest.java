package dev.writ.guard.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.guard.crypto.CryptoProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalWritSignerTest {

    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ2ZXJhIn0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void es256SignaturesMadeOnTheAcceleratedProviderVerifyOnTheJdk() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        ECKey key = (ECKey) LocalKeys.generate(SigningAlgorithm.ES256);
        LocalWritSigner signer = LocalWritSigner.fromJwk(key, Map.of());

        byte[] signature = signer.sign(INPUT);

        // A fresh Nimbus verifier without a provider: the JDK's SunEC.
        assertThat(signature).hasSize(64);
        assertThat(new ECDSAVerifier(key.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.ES256), INPUT,
                Base64URL.encode(signature))).isTrue();
        assertThat(new ECDSAVerifier(key.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.ES256),
                "other".getBytes(StandardCharsets.US_ASCII), Base64URL.encode(signature))).isFalse();
    }

    @Test
    void ps256SignaturesMadeOnTheAcceleratedProviderVerifyOnTheJdk() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        RSAKey key = (RSAKey) LocalKeys.generate(SigningAlgorithm.PS256);
        LocalWritSigner signer = LocalWritSigner.fromJwk(key, Map.of());

        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.PS256);
        assertThat(new RSASSAVerifier(key.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.PS256), INPUT,
                Base64URL.encode(signer.sign(INPUT)))).isTrue();
    }

    @Test
    void refusedInsideLambdaUnlessAllowed() {
        ECKey key = (ECKey) LocalKeys.generate(SigningAlgorithm.ES256);
        assertThatThrownBy(() -> LocalWritSigner.fromJwk(key, Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")))
                .isInstanceOf(SigningException.class).hasMessageContaining("refused inside AWS Lambda");
        assertThat(LocalWritSigner.fromJwk(key, Map.of("AWS_LAMBDA_FUNCTION_NAME", "f",
                LocalWritSigner.ALLOW_IN_LAMBDA, "true")).keyId()).isEqualTo(key.getKeyID());
    }
}
