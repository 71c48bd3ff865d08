package dev.writ.guard.writ;

/**
 * Why a writ was denied. Verification runs the checks in this order and the first failure
 * decides, so each code also says how far the writ got.
 */
public enum ReasonCode {
    /** No writ found in the event. */
    MISSING_WRIT,
    /** Not a compact JWS, too large, bad base64url or JSON, duplicate members, missing, mistyped or unknown claims. */
    MALFORMED,
    /** {@code alg} or {@code typ} not allowed, unknown {@code crit}, or a header that would take keys from the token. */
    UNSUPPORTED_ALG,
    /** {@code kid} is not on the allow-list, or its key could not be fetched. */
    UNKNOWN_KEY,
    /** The signature (or the delegation's) does not verify. */
    BAD_SIGNATURE,
    /** {@code exp} passed beyond the allowed skew, or the lifetime exceeds the cap. */
    EXPIRED,
    /** {@code nbf} or {@code iat} lies in the future beyond the allowed skew. */
    NOT_YET_VALID,
    /** {@code iss} is not a trusted issuer. */
    WRONG_ISSUER,
    /** This function is not in {@code aud}. */
    WRONG_AUDIENCE,
    /** The event's method, path, API, stage or query does not match {@code req}. */
    REQUEST_MISMATCH,
    /** The policy bundle revision is below the configured minimum. */
    REVOKED_BUNDLE,
    /** A single-use writ whose {@code jti} was already consumed. */
    REPLAYED,
    /** A single-use writ could not be checked because the replay table is unavailable or not configured. */
    REPLAY_UNAVAILABLE,
    /** The pre-execution lineage record could not be written (strict mode). */
    LINEAGE_UNAVAILABLE,
    /** Anything unexpected inside the guard: denied, never passed through. */
    INTERNAL_ERROR
}
