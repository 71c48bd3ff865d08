package dev.writ.core.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.core.jose.SigningAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trusted keys from a local JWKS file, for {@code writ dev}, demos and tests. Private members
 * in the file are ignored (only public keys are kept); symmetric keys are refused.
 */
public final class JwksKeyResolver implements KeyResolver {

    private final Map<String, VerificationKey> keys;

    private JwksKeyResolver(Map<String, VerificationKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * Loads a JWKS file.
     *
     * @throws IllegalArgumentException when the file is unreadable, a key has no {@code kid},
     *                                  or a key is not a supported public key
     */
    public static JwksKeyResolver fromFile(Path jwksFile) {
        try {
            return of(JWKSet.load(jwksFile.toFile()));
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read JWKS " + jwksFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Trusts the public keys of a JWK set given as JSON.
     *
     * @throws IllegalArgumentException as {@link #fromFile}
     */
    public static JwksKeyResolver fromJwks(String jwksJson) {
        try {
            return of(JWKSet.parse(jwksJson));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
        }
    }

    private static JwksKeyResolver of(JWKSet jwks) {
        Map<String, VerificationKey> keys = new HashMap<>();
        for (JWK jwk : jwks.getKeys()) {
            if (jwk.getKeyID() == null) {
                throw new IllegalArgumentException("every trusted JWK needs a kid");
            }
            if (!(jwk instanceof AsymmetricJWK)) {
                throw new IllegalArgumentException("JWK " + jwk.getKeyID() + " is not an asymmetric key");
            }
            Set<SigningAlgorithm> restrict = EnumSet.noneOf(SigningAlgorithm.class);
            if (jwk.getAlgorithm() != null) {
                restrict.add(SigningAlgorithm.fromJwsName(jwk.getAlgorithm().getName())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "JWK " + jwk.getKeyID() + " has unsupported alg " + jwk.getAlgorithm())));
            }
            try {
                keys.put(jwk.getKeyID(), VerificationKey.of(jwk.getKeyID(),
                        ((AsymmetricJWK) jwk.toPublicJWK()).toPublicKey(), restrict));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("JWK " + jwk.getKeyID() + " is not a valid public key", e);
            }
        }
        return new JwksKeyResolver(keys);
    }

    @Override
    public Optional<VerificationKey> resolve(String keyId) {
        return Optional.ofNullable(keyId == null ? null : keys.get(keyId));
    }
}
