package dev.writ.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.ECDSA;
import dev.writ.guard.sign.SigningAlgorithm;
import dev.writ.guard.sign.WritSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** Software keys and a JCA {@link WritSigner} over them, for tests only. */
public final class TestKeys {
    private TestKeys() {
    }

    /** A signing key and the signer that uses it. */
    public record SigningKey(KeyPair keyPair, WritSigner signer) {
    }

    public static SigningKey es256(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            return new SigningKey(kp, new JcaSigner(kid, SigningAlgorithm.ES256, kp));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SigningKey ps256(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            return new SigningKey(kp, new JcaSigner(kid, SigningAlgorithm.PS256, kp));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record JcaSigner(String keyId, SigningAlgorithm algorithm, KeyPair keyPair) implements WritSigner {
        @Override
        public byte[] sign(byte[] signingInput) {
            try {
                if (algorithm == SigningAlgorithm.ES256) {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign(keyPair.getPrivate());
                    s.update(signingInput);
                    return ECDSA.transcodeSignatureToConcat(s.sign(), ECDSA.getSignatureByteArrayLength(JWSAlgorithm.ES256));
                }
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                s.initSign(keyPair.getPrivate());
                s.update(signingInput);
                return s.sign();
            } catch (GeneralSecurityException | JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
