package dev.writ.authorizer.exchange;

/**
 * Why the writ exchange refused a hop, when the parent writ itself was good (a bad parent is
 * refused with the guard's own {@link dev.writ.guard.writ.ReasonCode}). Each maps to the HTTP
 * status the exchange function answers with.
 */
public enum ExchangeReason {
    /** The child writ was minted. */
    ALLOWED(200),
    /** The request is not the exchange's JSON (unknown kind, missing member, a payload that is not a digest). */
    BAD_REQUEST(400),
    /** No IAM-authenticated caller: a bearer writ alone never gets a child. */
    NO_CALLER(401),
    /** The caller is not a Lambda function's role session of this account (or of the role configured for it). */
    CALLER_MISMATCH(403),
    /** The bundle maps no hop of this kind to this target. */
    UNKNOWN_HOP(403),
    /**
     * The {@code lambda:Invoke} target is a function of another account, region or partition than
     * the exchange's: a child names its callee by ARN, and the exchange binds it to functions of its own
     * account and region only.
     */
    FOREIGN_TARGET(403),
    /**
     * The request carries no digest of what the call sends, and the hop binds its payload (the
     * manifest's default): a child bound to nothing would carry any payload to the target.
     */
    UNBOUND_PAYLOAD(403),
    /** The child would be deeper than {@code WRIT_EXCHANGE_MAX_DEPTH} hops. */
    DEPTH_EXCEEDED(403),
    /** Cedar denied the hop (a forbid matched, or no permit did). */
    POLICY_DENY(403),
    /**
     * The {@code lambda:Invoke} child would not fit Lambda's client context even with nothing else
     * in it, so the caller could not send it (a child for the envelope of an asynchronous invoke
     * has no such limit).
     */
    CHILD_TOO_LARGE(422),
    /** The child could not be signed. */
    SIGNING_FAILED(503),
    /** Earlier exchange records are still not written to lineage: no child lineage cannot account for. */
    LINEAGE_UNAVAILABLE(503),
    /** The policy bundle did not load: every hop is refused. */
    BUNDLE_INVALID(503),
    /** The exchange's configuration is unusable: every hop is refused. */
    MISCONFIGURED(503),
    /** Anything unexpected: a refusal, never a child. */
    INTERNAL_ERROR(500);

    private final int status;

    ExchangeReason(int status) {
        this.status = status;
    }

    /** The HTTP status the exchange function answers with. */
    public int status() {
        return status;
    }
}
