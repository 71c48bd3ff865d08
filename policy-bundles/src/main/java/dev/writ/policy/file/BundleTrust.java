package dev.writ.policy.file;


import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.KeyResolver;
import dev.writ.core.keys.VerificationKey;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public keys a bundle file may be signed with. Keys come only from here, never from the
 * file: one given key, a JWKS (development), or any guard-runtime {@link KeyResolver} such as the
 * KMS allow-list resolver the authorizer already uses for writs.
 */
public final class BundleTrust {
    private final KeyResolver resolver;

    private BundleTrust(KeyResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Trust exactly one key, whatever {@code kid} the file names; its algorithms follow the key
     * (P-256: ES256; RSA of 2048 bits or more: PS256, RS256).
     *
     * @throws IllegalArgumentException for any other key
     */
    public static BundleTrust key(PublicKey key) {
        VerificationKey k = VerificationKey.of("bundle-key", Objects.requireNonNull(key, "key"), Set.of());
        return new BundleTrust(kid -> Optional.of(k));
    }

    /** Trust the keys a resolver knows, selected by the file's {@code kid}. */
    public static BundleTrust keys(KeyResolver resolver) {
        return new BundleTrust(Objects.requireNonNull(resolver, "resolver"));
    }

    /** Trust the public keys of a JWKS document (private members are ignored). */
    public static BundleTrust jwks(String jwksJson) {
        return keys(JwksKeyResolver.fromJwks(jwksJson));
    }

    /** Trust the public keys of a JWKS file, such as {@code jwks.json} of a {@code writ keys} folder. */
    public static BundleTrust jwksFile(Path file) {
        return keys(JwksKeyResolver.fromFile(file));
    }

    /** May throw {@code KeyUnavailableException} when an allow-listed key cannot be fetched. */
    Optional<VerificationKey> keyFor(String kid) {
        return resolver.resolve(kid);
    }
}
