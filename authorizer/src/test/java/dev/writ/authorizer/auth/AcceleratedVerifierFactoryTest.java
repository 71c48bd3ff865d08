package dev.writ.authorizer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.core.crypto.CryptoProvider;
import java.security.PublicKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AcceleratedVerifierFactoryTest {

    private final AcceleratedVerifierFactory factory = new AcceleratedVerifierFactory();

    @Test
    void rs256AndEs256VerifyOnTheAcceleratedProviderAndTamperingIsRejected() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();

        check(JWSAlgorithm.RS256, new RSASSASigner(rsa), rsa.toPublicKey());
        check(JWSAlgorithm.PS256, new RSASSASigner(rsa), rsa.toPublicKey());
        check(JWSAlgorithm.ES256, new ECDSASigner(ec), ec.toPublicKey());
    }

    @Test
    void tokensOfTwoIssuersKeysVerifyAlternately() throws Exception {
        // As CachingKeySelector hands them out: keys translated once for the accelerated provider.
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        java.util.List<RSAKey> keys = java.util.List.of(new RSAKeyGenerator(2048).generate(), new RSAKeyGenerator(2048).generate());
        for (int round = 0; round < 3; round++) {
            for (RSAKey rsa : keys) {
                JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("{\"round\":" + round + "}"));
                jws.sign(new RSASSASigner(rsa));
                PublicKey key = CryptoProvider.onProvider(rsa.toPublicKey(), PublicKey.class, CryptoProvider.current());
                assertThat(JWSObject.parse(jws.serialize()).verify(factory.createJWSVerifier(jws.getHeader(), key)))
                        .as("round %d, key %s", round, rsa.getKeyID()).isTrue();
            }
        }
    }

    @Test
    void anRsaSignatureThatIsNotBase64urlOrNotTheKeysOrUnderAnUnknownCriticalHeaderFails() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        RSAKey other = new RSAKeyGenerator(2048).generate();
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("{\"sub\":\"vera\"}"));
        jws.sign(new RSASSASigner(rsa));
        JWSVerifier verifier = factory.createJWSVerifier(jws.getHeader(), rsa.toPublicKey());
        assertThat(verifier).isInstanceOf(RsaSignatureVerifier.class);
        String[] parts = jws.serialize().split("\\.");

        assertThat(verifier.verify(jws.getHeader(), jws.getSigningInput(), new Base64URL(parts[2].substring(1) + "*"))).isFalse();
        assertThat(verifier.verify(jws.getHeader(), jws.getSigningInput(), new Base64URL(parts[2].substring(0, 40)))).isFalse();
        assertThat(factory.createJWSVerifier(jws.getHeader(), other.toPublicKey())
                .verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature())).isFalse();
        JWSHeader critical = new JWSHeader.Builder(JWSAlgorithm.RS256).criticalParams(java.util.Set.of("exp"))
                .customParam("exp", 1).build();
        JWSObject withCrit = new JWSObject(critical, new Payload("{}"));
        withCrit.sign(new RSASSASigner(rsa));
        assertThat(JWSObject.parse(withCrit.serialize()).verify(factory.createJWSVerifier(critical, rsa.toPublicKey())))
                .as("a critical header the verifier does not understand").isFalse();
    }

    private void check(JWSAlgorithm alg, JWSSigner signer, PublicKey key) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader(alg), new Payload("{\"sub\":\"vera\"}"));
        jws.sign(signer);
        JWSVerifier verifier = factory.createJWSVerifier(jws.getHeader(), key);
        assertThat(verifier.getJCAContext().getProvider()).isSameAs(CryptoProvider.current());

        assertThat(JWSObject.parse(jws.serialize()).verify(verifier)).isTrue();
        String[] parts = jws.serialize().split("\\.");
        String otherPayload = Base64URL.encode("{\"sub\":\"mallory\"}").toString();
        assertThat(JWSObject.parse(parts[0] + "." + otherPayload + "." + parts[2]).verify(verifier)).isFalse();
    }
}
