package dev.writ.core.jose;

/**
 * The JWS algorithms a writ may be signed with. The algorithm always follows the key
 * (an ECC_NIST_P256 key signs ES256, an RSA key PS256 or RS256); it is never taken from a token.
 */
public enum SigningAlgorithm {
    /** ECDSA on P-256 with SHA-256 (KMS ECDSA_SHA_256). */
    ES256,
    /**
     * RSASSA-PSS with SHA-256 and MGF1 (KMS RSASSA_PSS_SHA_256): the default (the stack's RSA_2048
     * key), because a guard verifies it on the JDK ~25× faster than ES256.
     */
    PS256,
    /** RSASSA-PKCS1-v1_5 with SHA-256 (KMS RSASSA_PKCS1_V1_5_SHA_256). */
    RS256;

    /** Returns the algorithm named {@code name} as it appears in a JWS {@code alg} header. */
    public static java.util.Optional<SigningAlgorithm> fromJwsName(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }

    /** True for the RSA algorithms. */
    public boolean isRsa() {
        return this != ES256;
    }
}
