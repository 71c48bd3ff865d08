package dev.writ.policy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import dev.writ.core.jose.Signer;
import dev.writ.core.sign.LocalSigner;
import dev.writ.testsupport.TestJwks;
import java.security.KeyPair;

/** Software keys and Writ's own local signer over them, for tests only. */
public final class TestKeys {
    private TestKeys() {
    }

    /** A signing key and the signer that uses it. */
    public record SigningKey(KeyPair keyPair, Signer signer) {
    }

    public static SigningKey es256(String kid) {
        return of(new com.nimbusds.jose.jwk.ECKey.Builder(TestJwks.es256()).keyID(kid).build());
    }

    public static SigningKey ps256(String kid) {
        return of(new com.nimbusds.jose.jwk.RSAKey.Builder(TestJwks.rsa(JWSAlgorithm.PS256)).keyID(kid).build());
    }

    private static SigningKey of(JWK jwk) {
        try {
            return new SigningKey(((AsymmetricJWK) jwk).toKeyPair(), LocalSigner.fromJwk(jwk.toJSONString()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
