package dev.writ.core.jose;

import dev.writ.core.keys.KeyResolver;
import dev.writ.core.keys.KeyUnavailableException;
import dev.writ.core.keys.VerificationKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one verification path of Writ's compact JWS: writs, delegations and bundle signatures are
 * all checked by these rules, in this order.
 * <ol>
 *   <li>{@link #checkHeader}: {@code alg} one of ES256/PS256/RS256 (never {@code none}, never HMAC);
 *       {@code typ} the expected type; no {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} (keys
 *       never come from the token); {@code crit} non-empty, naming only understood extensions that
 *       are present, and every understood extension present is listed in it;</li>
 *   <li>the key: {@code kid} resolved through the trusted {@link KeyResolver} (or a caller's own
 *       lookup, for a writ's delegated key);</li>
 *   <li>{@link #checkSignature}: the algorithm must be one the key allows (it follows the key, never
 *       the token), an ES256 signature must be low-s, and the signature must verify.</li>
 * </ol>
 * It never throws for a bad token.
 */
public final class JwsVerifier {

    /** Header members that would take key material from the token; always refused. */
    private static final List<String> FORBIDDEN_HEADERS = List.of("jku", "x5u", "jwk", "x5c");

    private final String type;
    private final Set<String> extensions;
    private final KeyResolver keys;

    private JwsVerifier(String type, Set<String> extensions, KeyResolver keys) {
        this.type = Objects.requireNonNull(type, "type");
        this.extensions = Set.copyOf(extensions);
        this.keys = keys;
    }

    /**
     * A verifier of tokens of {@code type} whose keys come from {@code keys}, understanding the
     * critical header extensions {@code extensions} (none for most types).
     */
    public static JwsVerifier of(String type, Set<String> extensions, KeyResolver keys) {
        return new JwsVerifier(type, extensions, Objects.requireNonNull(keys, "keys"));
    }

    /** A verifier of the header rules only, for callers that find the key themselves. */
    public static JwsVerifier headerRules(String type, Set<String> extensions) {
        return new JwsVerifier(type, extensions, null);
    }

    /** Parses {@code token} and runs every check. */
    public JwsVerification verify(String token) {
        Jws jws;
        try {
            jws = CompactJws.parse(token);
        } catch (MalformedJwsException e) {
            return JwsVerification.refused(JwsFailure.MALFORMED, e.getMessage());
        }
        return verify(jws);
    }

    /** Runs every check on a parsed token, the key found by {@code kid} in the trusted keys. */
    public JwsVerification verify(Jws jws) {
        Optional<JwsVerification> header = checkHeader(jws.header());
        if (header.isPresent()) {
            return header.get();
        }
        if (keys == null) {
            throw new IllegalStateException("a header-rules verifier has no keys: find the key, then checkSignature");
        }
        if (jws.header().keyId() == null) {
            return JwsVerification.refused(JwsFailure.UNKNOWN_KEY, "no kid in the header");
        }
        VerificationKey key;
        try {
            Optional<VerificationKey> resolved = keys.resolve(jws.header().keyId());
            if (resolved.isEmpty()) {
                return JwsVerification.refused(JwsFailure.UNKNOWN_KEY, "kid is not on the allow-list");
            }
            key = resolved.get();
        } catch (KeyUnavailableException e) {
            return JwsVerification.refused(JwsFailure.UNKNOWN_KEY, e.getMessage());
        }
        return checkSignature(jws, key).orElseGet(() -> JwsVerification.verified(jws));
    }

    /** Step 1: the header rules; empty when the header is acceptable. */
    public Optional<JwsVerification> checkHeader(JwsHeader header) {
        if (SigningAlgorithm.fromJwsName(header.alg()).isEmpty()) {
            return refuse(JwsFailure.UNSUPPORTED_ALG, "alg " + header.alg() + " is not allowed");
        }
        if (!header.hasType(type)) {
            return refuse(JwsFailure.UNSUPPORTED_ALG, "typ must be " + type);
        }
        for (String name : FORBIDDEN_HEADERS) {
            if (header.names().contains(name)) {
                return refuse(JwsFailure.UNSUPPORTED_ALG, "header " + name + " is refused: keys never come from the token");
            }
        }
        if (header.names().contains("crit")) {
            if (header.critical().isEmpty()) {
                return refuse(JwsFailure.UNSUPPORTED_ALG, "crit must not be empty");
            }
            for (String name : header.critical()) {
                if (!extensions.contains(name)) {
                    return refuse(JwsFailure.UNSUPPORTED_ALG, "crit names an unknown extension: " + name);
                }
                if (!header.names().contains(name)) {
                    return refuse(JwsFailure.UNSUPPORTED_ALG, "crit names an absent member: " + name);
                }
            }
        }
        for (String extension : extensions) {
            if (header.names().contains(extension) && !header.critical().contains(extension)) {
                return refuse(JwsFailure.UNSUPPORTED_ALG, extension + " must be listed in crit");
            }
        }
        return Optional.empty();
    }

    /** Step 3: the signature under {@code key}; empty when it verifies. */
    public static Optional<JwsVerification> checkSignature(Jws jws, VerificationKey key) {
        SigningAlgorithm alg = SigningAlgorithm.fromJwsName(jws.header().alg()).orElse(null);
        if (alg == null || !key.algorithms().contains(alg)) {
            return refuse(JwsFailure.UNSUPPORTED_ALG, "alg " + jws.header().alg() + " is not allowed for this key");
        }
        return SignatureCheck.refusal(alg, key.publicKey(), jws)
                .map(detail -> JwsVerification.refused(JwsFailure.BAD_SIGNATURE, detail));
    }

    private static Optional<JwsVerification> refuse(JwsFailure failure, String detail) {
        return Optional.of(JwsVerification.refused(failure, detail));
    }
}
