package dev.writ.audit;

import dev.writ.core.json.CanonicalJson;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.RecordJson;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying one chain: intact, or the first bad {@code seq} and why. A value, not
 * an exception: tampering is an expected finding of an audit.
 */
public record ChainVerdict(String chain, long recordsVerified, Optional<ChainHead> head, Optional<Fault> fault) {

    /** Why a chain is not intact. */
    public enum ReasonCode {
        /** The stored hash is not the hash of the record's content and prev (a field was edited). */
        HASH_MISMATCH,
        /** The record's prev is not the hash of the record before it. */
        BROKEN_LINK,
        /** A seq is missing (a record was deleted). */
        GAP,
        /** Records are out of seq order (swapped or moved). */
        REORDERED,
        /** The same seq appears twice (only possible in an export file). */
        DUPLICATE,
        /** A record or line could not be read as a lineage record. */
        MALFORMED_RECORD,
        /** The chain ends before the seq its latest signed checkpoint pins (tail deleted). */
        TRUNCATED_AFTER_CHECKPOINT,
        /** The record at the checkpointed seq is not the one the checkpoint signed. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint record's signed note does not verify with the checkpoint key. */
        BAD_CHECKPOINT_SIGNATURE,
        /** A checkpoint's note was signed before the previous checkpoint's (an older note copied forward). */
        CHECKPOINT_REPLAYED,
        /** A checkpoint key was given but no checkpoint verified with it, so nothing vouches for the chain's tail. */
        NO_CHECKPOINT,
        /** The latest checkpoint does not pin this chain, yet the chain holds a record dated before it. */
        NOT_IN_CHECKPOINT,
        /** A record after the head the latest checkpoint pins is dated before that checkpoint. */
        BACKDATED_AFTER_CHECKPOINT,
        /** Witnesses are required, and the newest checkpoint is not in a log checkpoint cosigned by enough of them. */
        NOT_COSIGNED,
        /** The cosigned log checkpoint's root is not the tree over the checkpoint records: checkpoints were replaced. */
        LOG_MISMATCH
    }

    /** The first problem found: where, why, and a short human-readable detail. */
    public record Fault(long seq, ReasonCode reason, String detail) {
        public Fault {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public ChainVerdict {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(fault, "fault");
    }

    /** True when every record verified and the checkpoint (if any) matched. */
    public boolean intact() {
        return fault.isEmpty();
    }

    /** One JSON line for reports: {@code {"chain":..,"seq":..,"reason":..}} when broken. */
    public String toJson() {
        jakarta.json.JsonObjectBuilder b = RecordJson.provider().createObjectBuilder()
                .add("chain", chain).add("intact", intact()).add("records", recordsVerified);
        fault.ifPresent(f -> b.add("seq", f.seq()).add("reason", f.reason().name()).add("detail", f.detail()));
        return CanonicalJson.text(b.build());
    }
}
