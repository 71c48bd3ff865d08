package dev.writ.guard.sign;

import java.util.Optional;

/**
 * Signs JWS signing input ({@code base64url(header) || '.' || base64url(payload)}) with one key.
 *
 * <p>Implementations: {@link KmsWritSigner} (AWS KMS {@code Sign}), {@link LocalWritSigner}
 * (a software key, for development and tests) and, for the {@code kms-delegated} mode, a signer
 * whose {@link #delegation()} carries the KMS-signed certificate of its ephemeral key.
 */
public interface WritSigner {

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
     * The compact delegation JWS to carry in the {@code dlg} header, for signers whose key was
     * certified by a KMS key ({@code kms-delegated} mode); empty for every other signer.
     */
    default Optional<String> delegation() {
        return Optional.empty();
    }

    /**
     * The signer to use for one token. Signers that rotate keys return an immutable snapshot so
     * that {@link #keyId()}, {@link #delegation()} and {@link #sign} of one token agree.
     */
    default WritSigner current() {
        return this;
    }
}
