package dev.writ.core.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.core.jose.SigningAlgorithm;

/**
 * A software signing key made by {@link LocalKeys}: its private JWK (keep it secret), and the
 * public JWK set that verifies what it signs. Development and tests only.
 */
public final class LocalKey {
    private final JWK jwk;

    LocalKey(JWK jwk) {
        this.jwk = jwk;
    }

    /** The key id (the JWK thumbprint). */
    public String keyId() {
        return jwk.getKeyID();
    }

    /** The algorithm the key signs with. */
    public SigningAlgorithm algorithm() {
        return SigningAlgorithm.fromJwsName(jwk.getAlgorithm().getName()).orElseThrow();
    }

    /** The private JWK as JSON, as {@code writ keys new} writes it to {@value LocalKeys#PRIVATE_JWK}. */
    public String privateJwk() {
        return jwk.toJSONString();
    }

    /** The public JWK as JSON. */
    public String publicJwk() {
        return jwk.toPublicJWK().toJSONString();
    }

    /** A JWK set holding the public key, as JSON, as written to {@value LocalKeys#PUBLIC_JWKS}. */
    public String publicJwks() {
        return new JWKSet(jwk.toPublicJWK()).toString(true);
    }
}
