package dev.writ.core.keys;

import java.util.Optional;

/**
 * Resolves the {@code kid} of a writ to a trusted public key. Keys come only from configuration
 * (an allow-list of KMS key ARNs, or a local JWKS file in development), never from the token.
 */
public interface KeyResolver {

    /**
     * The trusted key with this id, or empty when the id is not on the allow-list.
     *
     * @throws KeyUnavailableException when the id is allow-listed but its key cannot be fetched
     */
    Optional<VerificationKey> resolve(String keyId);
}
