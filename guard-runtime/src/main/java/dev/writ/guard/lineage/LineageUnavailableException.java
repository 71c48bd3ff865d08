package dev.writ.guard.lineage;

import java.util.ArrayList;
import java.util.List;

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
    private final List<LineageRecord> appended;

    public LineageUnavailableException(ReasonCode reason, String chain, String message, Throwable cause) {
        this(reason, chain, reason + " on chain " + chain + ": " + message, cause, List.of());
    }

    private LineageUnavailableException(ReasonCode reason, String chain, String fullMessage, Throwable cause,
            List<LineageRecord> appended) {
        super(fullMessage, cause);
        this.reason = reason;
        this.chain = chain;
        this.appended = appended;
    }

    /** This failure of a call that had already stored {@code earlier} before it. */
    public LineageUnavailableException after(List<LineageRecord> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        List<LineageRecord> all = new ArrayList<>(earlier);
        all.addAll(appended);
        LineageUnavailableException e = new LineageUnavailableException(reason, chain, getMessage(), getCause(), List.copyOf(all));
        e.setStackTrace(getStackTrace());
        return e;
    }

    /**
     * The records this call stored before it failed: none for a single append; for
     * {@code appendAll}, the batches written before the one that failed (a batch is written whole
     * or not at all), chain by chain, each chain's in draft order. The drafts after them were not written, except that the failing
     * request may have landed unseen when its response was lost, as a single append may.
     */
    public List<LineageRecord> appended() {
        return appended;
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
