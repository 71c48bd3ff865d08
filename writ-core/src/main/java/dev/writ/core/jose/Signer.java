package dev.writ.core.jose;


import java.util.Map;

/**
 * Signs JWS signing input ({@code base64url(header) || '.' || base64url(payload)}) with one key.
 *
 * <p>Implementations: {@code KmsSigner} (AWS KMS {@code Sign}), {@code LocalSigner} (a software
 * key, for development and tests) and, for the authorizer's {@code kms-delegated} mode, a signer
 * whose {@link #protectedHeader()} carries the KMS-signed delegation of its ephemeral key.
 */
public interface Signer {

    /** The key id written to the JWS {@code kid} header (a KMS key ARN, or a local key id). */
    String keyId();

    /** The algorithm this signer's key produces; fixed when the signer is made. */
    SigningAlgorithm algorithm();

    /**
     * Signs the JWS signing input and returns the signature in JWS form (R||S for ECDSA).
     *
     * @throws SigningException when the key cannot sign (KMS unreachable, access denied ...)
     */
    byte[] sign(byte[] signingInput);

    /**
     * Members this signer adds to the protected header of every token it signs, such as a
     * delegation ({@code dlg}, listed in {@code crit}); empty for most signers.
     */
    default Map<String, Object> protectedHeader() {
        return Map.of();
    }

    /**
     * The signer to use for one token. Signers that rotate keys return an immutable snapshot so
     * that {@link #keyId()}, {@link #protectedHeader()} and {@link #sign} of one token agree.
     */
    default Signer current() {
        return this;
    }
}
