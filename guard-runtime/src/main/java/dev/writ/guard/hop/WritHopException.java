package dev.writ.guard.hop;

import java.util.Objects;

/**
 * An outgoing call of a guarded execution that was not sent because it could not carry a child
 * writ: the exchange refused the hop ({@code HOP_REFUSED}, with the exchange's own reason), could
 * not be asked ({@code HOP_UNAVAILABLE}), or the writ does not fit where the receiver looks
 * ({@code HOP_TOO_LARGE}). Thrown from the SDK call itself, before anything left the process.
 */
public class WritHopException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the hop was not made. */
    public enum Reason {
        /** The exchange answered with a refusal (4xx); {@link #exchangeReason()} says which. */
        HOP_REFUSED,
        /** The exchange could not be reached, was throttled, failed (5xx) or answered no writ. */
        HOP_UNAVAILABLE,
        /**
         * The child writ does not fit where the receiving guard reads it: found here, or by the
         * exchange ({@link #exchangeReason()} {@code CHILD_TOO_LARGE}), which then minted none.
         */
        HOP_TOO_LARGE,
        /** There is no single parent writ to exchange, or the request cannot carry a writ. */
        HOP_NOT_POSSIBLE
    }

    private final Reason reason;
    private final String exchangeReason;

    public WritHopException(Reason reason, String exchangeReason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
        this.exchangeReason = exchangeReason;
    }

    public WritHopException(Reason reason, String exchangeReason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
        this.exchangeReason = exchangeReason;
    }

    public Reason reason() {
        return reason;
    }

    /** The exchange's reason code ({@code POLICY_DENY}, {@code DEPTH_EXCEEDED}, ...), or null. */
    public String exchangeReason() {
        return exchangeReason;
    }

    /** The lineage {@code reason}: the code, then the exchange's reason when there is one. */
    public String lineageReason() {
        return exchangeReason == null ? reason.name() : reason.name() + " exchange=" + exchangeReason;
    }
}
