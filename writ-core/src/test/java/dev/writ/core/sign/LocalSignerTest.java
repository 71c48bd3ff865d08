package dev.writ.core.sign;

import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.SigningException;
import dev.writ.core.keys.LocalKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.internal.EcdsaSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LocalSignerTest {

    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ2ZXJhIn0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void es256SignaturesMadeOnTheAcceleratedProviderVerifyOnTheJdk() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        ECKey key = ECKey.parse(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk());
        LocalSigner signer = LocalSigner.fromJwk(key, Map.of());

        byte[] signature = signer.sign(INPUT);

        // A fresh Nimbus verifier without a provider: the JDK's SunEC.
        assertThat(signature).hasSize(64);
        assertThat(new ECDSAVerifier(key.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.ES256), INPUT,
                Base64URL.encode(signature))).isTrue();
        assertThat(new ECDSAVerifier(key.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.ES256),
                "other".getBytes(StandardCharsets.US_ASCII), Base64URL.encode(signature))).isFalse();
    }

    @Test
    void es256SignaturesAreAlwaysInTheirLowSForm() throws Exception {
        ECKey key = ECKey.parse(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk());
        LocalSigner signer = LocalSigner.fromJwk(key, Map.of());
        ECDSAVerifier verifier = new ECDSAVerifier(key.toPublicJWK());
        // A raw ECDSA signature has s > n/2 half of the time: 64 signatures all low-s cannot be luck.
        for (int i = 0; i < 64; i++) {
            byte[] signature = signer.sign(INPUT);
            assertThat(EcdsaSignatures.isLowS(signature)).as("signature %d", i).isTrue();
            assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES256), INPUT, Base64URL.encode(signature))).isTrue();
        }
    }

    @Test
    void ps256SignaturesMadeOnTheAcceleratedProviderVerifyOnTheJdk() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        RSAKey key = RSAKey.parse(LocalKeys.generate(SigningAlgorithm.PS256).privateJwk());
        LocalSigner signer = LocalSigner.fromJwk(key, Map.of());

        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.PS256);
        assertThat(new RSASSAVerifier(key.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.PS256), INPUT,
                Base64URL.encode(signer.sign(INPUT)))).isTrue();
    }

    @Test
    void rs256AndReusedSignaturesFromSeveralThreadsAllVerify() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256).keyID("r").generate();
        LocalSigner rs256 = LocalSigner.fromJwk(rsa, Map.of());
        assertThat(rs256.algorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(new RSASSAVerifier(rsa.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.RS256), INPUT,
                Base64URL.encode(rs256.sign(INPUT)))).isTrue();

        // Each thread keeps its own initialised Signature: every signature, on every thread, is over its own input.
        ECKey key = ECKey.parse(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk());
        LocalSigner signer = LocalSigner.fromJwk(key, Map.of());
        ECDSAVerifier verifier = new ECDSAVerifier(key.toPublicJWK());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] input = ("input-" + i).getBytes(StandardCharsets.US_ASCII);
                results.add(pool.submit(() -> verifier.verify(new JWSHeader(JWSAlgorithm.ES256), input,
                        Base64URL.encode(signer.sign(input)))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void onTheJdksProvidersEachAlgorithmSignsInItsJwsFormat() throws Exception {
        ECKey ec = ECKey.parse(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk());
        byte[] es = LocalSigner.fromJwk(ec, Map.of()).signOn(null, INPUT);
        assertThat(es).hasSize(64);
        assertThat(new ECDSAVerifier(ec.toPublicJWK()).verify(new JWSHeader(JWSAlgorithm.ES256), INPUT,
                Base64URL.encode(es))).isTrue();
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.PS256, JWSAlgorithm.RS256)) {
            RSAKey rsa = new RSAKeyGenerator(2048).algorithm(alg).keyID("r").generate();
            byte[] signature = LocalSigner.fromJwk(rsa, Map.of()).signOn(null, INPUT);
            assertThat(new RSASSAVerifier(rsa.toPublicJWK()).verify(new JWSHeader(alg), INPUT, Base64URL.encode(signature)))
                    .as("%s", alg).isTrue();
        }
    }

    @Test
    void anEcKeyOffP256AndAWeakRsaKeyAreRefused() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
        assertThatThrownBy(() -> LocalSigner.fromJwk(p384, Map.of()))
                .isInstanceOf(SigningException.class).hasMessageContaining("P-256");
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        assertThatThrownBy(() -> LocalSigner.fromJwk(weak, Map.of()))
                .isInstanceOf(SigningException.class).hasMessageContaining("2048");
    }

    @Test
    void refusedInsideLambdaUnlessAllowed() throws Exception {
        ECKey key = ECKey.parse(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk());
        assertThatThrownBy(() -> LocalSigner.fromJwk(key, Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")))
                .isInstanceOf(SigningException.class).hasMessageContaining("refused inside AWS Lambda");
        assertThat(LocalSigner.fromJwk(key, Map.of("AWS_LAMBDA_FUNCTION_NAME", "f",
                LocalSigner.ALLOW_IN_LAMBDA, "true")).keyId()).isEqualTo(key.getKeyID());
    }
}
