package dev.writ.audit;

import dev.writ.guard.lineage.LineageRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies the checkpoint chain as it is fed (links, hashes, every record's signed note, and
 * signing times that never go back), remembering the latest note that verified: the
 * {@link Anchor} every other chain is held against.
 */
final class CheckpointChain {
    private final Optional<CheckpointKey> key;
    private final ChainWalk walk;
    private Optional<CheckpointNote.Contents> latest = Optional.empty();

    CheckpointChain(Optional<CheckpointKey> key, VerifyProgress progress) {
        this.key = Objects.requireNonNull(key, "key");
        this.walk = new ChainWalk(LineageRecord.CHECKPOINT_CHAIN, Anchor.none(), this::check, progress);
    }

    ChainWalk walk() {
        return walk;
    }

    /**
     * The chain's verdict and the anchor. With a key, an empty checkpoint chain is
     * {@code NO_CHECKPOINT} at seq 0: there is nothing to hold the other chains against.
     */
    LineageAudit.Checkpoints finish() {
        ChainVerdict verdict = walk.finish();
        if (key.isEmpty()) {
            return new LineageAudit.Checkpoints(verdict, Anchor.none());
        }
        if (latest.isPresent()) {
            return new LineageAudit.Checkpoints(verdict, Anchor.of(latest.get()));
        }
        if (verdict.intact()) {
            verdict = new ChainVerdict(verdict.chain(), verdict.recordsVerified(), verdict.head(), Optional.of(new ChainVerdict.Fault(
                    verdict.recordsVerified(), ChainVerdict.ReasonCode.NO_CHECKPOINT, "no checkpoint record to verify with key " + key.get().name())));
        }
        return new LineageAudit.Checkpoints(verdict, Anchor.missing());
    }

    private Optional<ChainVerdict.Fault> check(LineageRecord r) {
        if (r.type() != LineageRecord.Type.CHECKPOINT || r.note().isEmpty()) {
            return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.ReasonCode.BAD_CHECKPOINT_SIGNATURE,
                    "checkpoint chain record carries no signed note"));
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<CheckpointNote.Contents> contents = CheckpointNote.verify(r.note().get(), key.get());
        if (contents.isEmpty()) {
            return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.ReasonCode.BAD_CHECKPOINT_SIGNATURE,
                    "note does not verify with key " + key.get().name()));
        }
        if (latest.isPresent() && contents.get().ts() < latest.get().ts()) {
            // An older genuine note copied forward would pin older heads and hide a truncation.
            return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.ReasonCode.CHECKPOINT_REPLAYED,
                    "note signed at " + contents.get().ts() + ", before the previous checkpoint's " + latest.get().ts()));
        }
        latest = contents;
        return Optional.empty();
    }
}
