package dev.writ.authorizer;

/** Why the authorizer decided as it did; one code per cause, logged and appended to lineage. */
public enum ReasonCode {
    /** Authenticated, a permit matched and no forbid did; a writ was issued. */
    ALLOWED,
    /** No bearer token in the event (REST: {@code Unauthorized}). */
    NO_TOKEN,
    /**
     * The token is not a valid JWT from the configured issuer (signature, iss, aud, exp, token_use),
     * or {@code Authorization} was given twice with different tokens.
     */
    BAD_TOKEN,
    /** The IdP's JWKS could not be fetched: the token cannot be checked. */
    JWKS_UNAVAILABLE,
    /** The policy bundle did not load (unsigned, bad signature, hash mismatch ...): every request is denied. */
    BUNDLE_INVALID,
    /** No route of the bundle's mapping matches the request. */
    UNKNOWN_ROUTE,
    /** A tool call names a tool the bundle's manifest does not map. */
    UNKNOWN_TOOL,
    /** A context input of the route is missing or mistyped (e.g. the amount header); a tool call whose arguments do not fit the tool's input in the schema, or are over 64 KiB. */
    BAD_REQUEST,
    /** A header or the token is larger than the configured limit. */
    OVERSIZE_HEADER,
    /** Cedar said DENY (a forbid matched, or no permit did). */
    POLICY_DENY,
    /** The writ could not be signed (KMS error, delegation could not be made). */
    SIGNING_FAILED,
    /** The decision record could not be appended to lineage. */
    LINEAGE_UNAVAILABLE,
    /**
     * The authorizer's configuration is incomplete (no IdP issuer, no signing key ...), or the
     * tool-call exchange's (its account, region, deployed names): every request is denied.
     */
    MISCONFIGURED,
    /** The tool-call exchange: the caller is not an IAM role session, so there is no agent to name. */
    NO_CALLER,
    /** The tool-call exchange: the agent's role is of an account its agents may not come from. */
    FOREIGN_AGENT,
    /** Anything unexpected in the authorizer itself: a denial, never an allow. */
    INTERNAL_ERROR
}
