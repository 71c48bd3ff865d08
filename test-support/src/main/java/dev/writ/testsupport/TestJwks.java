package dev.writ.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;

/**
 * Signing keys made in the test, as Nimbus JWKs: tests hold key material directly (to forge, to
 * re-key, to publish), while Writ's own API takes and returns JWKs as JSON.
 */
public final class TestJwks {

    private TestJwks() {
    }

    /** A new P-256 key for ES256, kid = its thumbprint. */
    public static ECKey es256() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new RSA 2048 key for {@code alg} (PS256 or RS256), kid = its thumbprint. */
    public static RSAKey rsa(JWSAlgorithm alg) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new key for a JWS algorithm name ({@code ES256}, {@code PS256}, {@code RS256}). */
    public static JWK forAlgorithm(String alg) {
        return alg.equals("ES256") ? es256() : rsa(JWSAlgorithm.parse(alg));
    }

    /** The public JWK set of {@code keys}, as JSON. */
    public static String publicJwks(JWK... keys) {
        return new JWKSet(List.of(keys).stream().map(JWK::toPublicJWK).toList()).toString();
    }
}
