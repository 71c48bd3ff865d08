package dev.writ.core.keys;

import dev.writ.core.jose.SigningAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A trusted public key and the algorithms it may verify. The algorithms follow the key: P-256
 * keys verify ES256 only, RSA keys of at least 2048 bits PS256 and RS256. The only way to make
 * one is {@link #of}, which enforces that rule.
 */
public final class VerificationKey {

    private static final int MIN_RSA_BITS = 2048;

    private final String keyId;
    private final PublicKey publicKey;
    private final Set<SigningAlgorithm> algorithms;

    private VerificationKey(String keyId, PublicKey publicKey, Set<SigningAlgorithm> algorithms) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.algorithms = Set.copyOf(algorithms);
    }

    /** The id a token names in {@code kid}. */
    public String keyId() {
        return keyId;
    }

    /** The key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The algorithms this key may verify (never empty). */
    public Set<SigningAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * A key whose algorithms are derived from the key itself, optionally narrowed to
     * {@code restrictTo} (for example the {@code alg} of a JWK, or the signing algorithms KMS
     * reports); empty narrows nothing.
     *
     * @throws IllegalArgumentException for curves other than P-256, RSA under 2048 bits, or other key types
     */
    public static VerificationKey of(String keyId, PublicKey publicKey, Set<SigningAlgorithm> restrictTo) {
        Set<SigningAlgorithm> algorithms = algorithmsFor(publicKey);
        if (!restrictTo.isEmpty()) {
            algorithms.retainAll(restrictTo);
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("key " + keyId + " allows none of the algorithms " + restrictTo);
        }
        return new VerificationKey(keyId, publicKey, algorithms);
    }

    private static Set<SigningAlgorithm> algorithmsFor(PublicKey key) {
        if (key instanceof ECPublicKey) {
            ECParameterSpec params = ((ECPublicKey) key).getParams();
            if (params.getCurve().getField().getFieldSize() != 256 || !isP256(params)) {
                throw new IllegalArgumentException("only P-256 EC keys are supported");
            }
            return EnumSet.of(SigningAlgorithm.ES256);
        }
        if (key instanceof RSAPublicKey) {
            if (((RSAPublicKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits");
            }
            return EnumSet.of(SigningAlgorithm.PS256, SigningAlgorithm.RS256);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    private static boolean isP256(ECParameterSpec params) {
        return com.nimbusds.jose.jwk.Curve.P_256.equals(com.nimbusds.jose.jwk.Curve.forECParameterSpec(params));
    }
}
