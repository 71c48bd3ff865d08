package dev.writ.audit;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.LineageHash;
import java.util.Optional;

/**
 * Holds the checkpoint chain against a {@link CheckpointCopy} kept where the table's owner cannot
 * change it: the table must still hold the copied checkpoint record, unchanged (else
 * {@code TRUNCATED_AFTER_CHECKPOINT} at the first missing seq, or {@code CHECKPOINT_MISMATCH} at
 * the copy's), and the copy's note, when newer than every note in the table, becomes the anchor,
 * so records deleted after a checkpoint that was itself deleted are still found.
 */
final class TrustedCopy {
    private TrustedCopy() {
    }

    static LineageAudit.Checkpoints apply(LineageAudit.Checkpoints cp, CheckpointCopy copy, CheckpointKey key, DynamoDbChainStore store) {
        LineageRecord copied = copy.record();
        Optional<CheckpointNote.Contents> contents = copied.note().flatMap(n -> CheckpointNote.verify(n, key));
        if (contents.isEmpty() || !copied.hashIsValid()) {
            return withFault(cp, new ChainVerdict.Fault(copied.seq(), ChainVerdict.ReasonCode.BAD_CHECKPOINT_SIGNATURE,
                    "the write-once copy of checkpoint " + copied.seq() + " does not verify with key " + key.name()));
        }
        Anchor anchor = cp.latest().filter(l -> l.ts() >= contents.get().ts()).isPresent() ? cp.anchor() : Anchor.of(contents.get());
        Optional<LineageRecord> stored = store.get(LineageRecord.CHECKPOINT_CHAIN, copied.seq());
        if (stored.isEmpty()) {
            long missing = Math.min(copied.seq(), cp.verdict().recordsVerified());
            return new LineageAudit.Checkpoints(withFault(cp, new ChainVerdict.Fault(missing, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT,
                    "the write-once copy holds checkpoint " + copied.seq() + "; the table's checkpoint chain ends before it")).verdict(), anchor);
        }
        if (!LineageHash.equalHex(stored.get().hash(), copied.hash())) {
            return new LineageAudit.Checkpoints(withFault(cp, new ChainVerdict.Fault(copied.seq(), ChainVerdict.ReasonCode.CHECKPOINT_MISMATCH,
                    "checkpoint " + copied.seq() + " in the table is not its write-once copy (replaced)")).verdict(), anchor);
        }
        return new LineageAudit.Checkpoints(cp.verdict(), anchor);
    }

    /** The checkpoint chain's verdict with {@code fault}, unless it already has an earlier one. */
    private static LineageAudit.Checkpoints withFault(LineageAudit.Checkpoints cp, ChainVerdict.Fault fault) {
        ChainVerdict v = cp.verdict();
        if (v.fault().filter(f -> f.seq() <= fault.seq()).isPresent()) {
            return cp;
        }
        return new LineageAudit.Checkpoints(new ChainVerdict(v.chain(), v.recordsVerified(), v.head(), Optional.of(fault)), cp.anchor());
    }
}
