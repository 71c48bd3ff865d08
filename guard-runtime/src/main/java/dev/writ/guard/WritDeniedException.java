package dev.writ.guard;

import dev.writ.guard.writ.ReasonCode;

/**
 * Thrown to the Lambda runtime when a non-HTTP invocation (direct invoke, SQS, SNS) is denied.
 * The message holds the reason code and request id only, never verifier internals.
 */
public final class WritDeniedException extends RuntimeException {

    private final ReasonCode reason;
    private final String requestId;

    public WritDeniedException(ReasonCode reason, String requestId) {
        super("writ denied: " + reason + (requestId == null ? "" : " (request " + requestId + ")"), null, false, false);
        this.reason = reason;
        this.requestId = requestId;
    }

    /** Why the invocation was denied. */
    public ReasonCode reason() {
        return reason;
    }

    /** The request id to quote when asking an operator about the denial. */
    public String requestId() {
        return requestId;
    }
}
