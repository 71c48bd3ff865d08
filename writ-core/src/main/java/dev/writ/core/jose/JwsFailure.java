package dev.writ.core.jose;

/** Why a compact JWS was refused, in the order {@link JwsVerifier} checks. */
public enum JwsFailure {
    /** Not a strict compact JWS (size, parts, base64url, JSON, header members). */
    MALFORMED,
    /** {@code alg} or {@code typ} not allowed, an unknown {@code crit}, or a header member that would carry a key. */
    UNSUPPORTED_ALG,
    /** No {@code kid}, a {@code kid} not trusted, or its key could not be had. */
    UNKNOWN_KEY,
    /** The signature does not verify (or is the malleable high-s twin of one that does). */
    BAD_SIGNATURE
}
