package dev.writ.lineagefn.stream;

import java.util.Objects;

/**
 * A break found in the stream: where, why, and which stream event showed it.
 *
 * @param reason {@code HASH_MISMATCH}, {@code BACKDATED} (dated more than a minute before the table
 *     wrote it), {@code BROKEN_LINK}, {@code MISSING_PREDECESSOR},
 *     {@code MALFORMED_RECORD}, {@code OVERWRITTEN} (a MODIFY: records are never updated),
 *     {@code REMOVED} (a REMOVE: records are never deleted), {@code NO_IMAGE} (the stream does not
 *     carry new images: misconfigured, nothing can be checked)
 */
public record ChainBreak(String chain, long seq, String reason, String detail, String eventId, String eventName) {
    public ChainBreak {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
