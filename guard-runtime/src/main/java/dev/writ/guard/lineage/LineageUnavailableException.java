package dev.writ.guard.lineage;

/**
 * A lineage record could not be written within the configured bounds. The guard turns this into
 * the LINEAGE_UNAVAILABLE denial; it is never swallowed. The message names the chain and the
 * cause, never record content.
 */
public final class LineageUnavailableException extends RuntimeException {

    /** Why the append gave up. */
    public enum ReasonCode {
        /** The table could not be reached (connection refused, timeouts, DNS ...). */
        UNREACHABLE,
        /** DynamoDB kept throttling (ProvisionedThroughputExceeded, RequestLimitExceeded ...). */
        THROTTLED,
        /** Other appenders kept winning the next sequence number. */
        CONTENTION,
        /** DynamoDB refused the request (access denied, missing table, validation ...). */
        REJECTED
    }

    private final ReasonCode reason;
    private final String chain;

    public LineageUnavailableException(ReasonCode reason, String chain, String message, Throwable cause) {
        super(reason + " on chain " + chain + ": " + message, cause);
        this.reason = reason;
        this.chain = chain;
    }

    /** Why the append gave up. */
    public ReasonCode reason() {
        return reason;
    }

    /** The chain that could not be appended to. */
    public String chain() {
        return chain;
    }
}
