package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The verification state of one chain, fed one record at a time in the order the source holds
 * them, so memory stays flat in chain length whatever the source (a DynamoDB query, a file).
 * Stops at the first fault.
 */
final class ChainWalk {
    private final String chain;
    private final Anchor anchor;
    private final Optional<ChainHead> checkpointed;
    private final Optional<MerkleHash> checkpointedRoot;
    private MerkleFrontier tree = MerkleFrontier.empty();
    private final Function<LineageRecord, Optional<ChainVerdict.Fault>> extraCheck;
    private final VerifyProgress progress;
    private long expected;
    private String prevHash = LineageHash.ZERO_HEX;
    private LineageRecord last;
    private LineageRecord ahead; // a record beyond a missing seq, kept until the next one tells gap from reorder
    private ChainVerdict.Fault fault;

    ChainWalk(String chain, Anchor anchor, Function<LineageRecord, Optional<ChainVerdict.Fault>> extraCheck,
            VerifyProgress progress) {
        this.chain = chain;
        this.anchor = anchor;
        this.checkpointed = anchor.head(chain);
        this.checkpointedRoot = anchor.checkpoint().flatMap(c -> c.root(chain));
        this.extraCheck = extraCheck;
        this.progress = progress;
    }

    boolean failed() {
        return fault != null;
    }

    /** An unreadable record of this chain: charged to the seq it names, else to the seq expected next. */
    void malformed(MalformedRecordException e, String where) {
        if (fault == null) {
            fail(e.seq().orElse(expected), ChainVerdict.ReasonCode.MALFORMED_RECORD, where + e.getMessage());
        }
    }

    void accept(LineageRecord r) {
        if (fault != null) {
            return;
        }
        if (ahead != null) {
            fail(expected, r.seq() < ahead.seq() ? ChainVerdict.ReasonCode.REORDERED : ChainVerdict.ReasonCode.GAP,
                    "expected seq " + expected + ", found " + ahead.seq() + " then " + r.seq());
            return;
        }
        if (!r.chain().equals(chain)) {
            fail(r.seq(), ChainVerdict.ReasonCode.REORDERED, "record of chain " + r.chain() + " inside chain " + chain);
            return;
        }
        if (r.seq() > expected) {
            ahead = r;
            return;
        }
        if (r.seq() < expected) {
            fail(r.seq(), r.seq() == expected - 1 ? ChainVerdict.ReasonCode.DUPLICATE : ChainVerdict.ReasonCode.REORDERED,
                    "seq " + r.seq() + " after seq " + (expected - 1));
            return;
        }
        if (!LineageHash.equalHex(r.prev(), prevHash)) {
            fail(r.seq(), ChainVerdict.ReasonCode.BROKEN_LINK, "prev is not the hash of seq " + (r.seq() - 1));
            return;
        }
        if (!r.hashIsValid()) {
            fail(r.seq(), ChainVerdict.ReasonCode.HASH_MISMATCH, "stored hash does not match the record's content");
            return;
        }
        if (checkpointed.isPresent() && checkpointed.get().seq() == r.seq()
                && !LineageHash.equalHex(checkpointed.get().hash(), r.hash())) {
            fail(r.seq(), ChainVerdict.ReasonCode.CHECKPOINT_MISMATCH, "not the record the latest checkpoint signed");
            return;
        }
        if (checkpointedRoot.isPresent() && r.seq() <= checkpointed.get().seq()) {
            // Only up to the pinned head: the tree beyond it is not signed yet, and hashing it would be wasted.
            tree = tree.append(java.util.List.of(Leaves.of(r)));
            if (r.seq() == checkpointed.get().seq() && !tree.rootHash().equals(checkpointedRoot.get())) {
                fail(r.seq(), ChainVerdict.ReasonCode.CHECKPOINT_MISMATCH,
                        "the tree over seq 0 to " + r.seq() + " is not the one the latest checkpoint signed");
                return;
            }
        }
        Optional<ChainVerdict.Fault> dated = anchor.checkpoint().flatMap(c -> datedBefore(r, c));
        if (dated.isPresent()) {
            fault = dated.get();
            return;
        }
        Optional<ChainVerdict.Fault> extra = extraCheck.apply(r);
        if (extra.isPresent()) {
            fault = extra.get();
            return;
        }
        prevHash = r.hash();
        last = r;
        expected++;
        if (expected % VerifyProgress.EVERY == 0) {
            progress.verified(chain, expected);
        }
    }

    ChainVerdict finish() {
        if (fault == null && ahead != null) {
            fail(expected, ChainVerdict.ReasonCode.GAP, "expected seq " + expected + ", found " + ahead.seq());
        }
        if (fault == null && checkpointed.isPresent() && expected <= checkpointed.get().seq()) {
            fail(expected, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT,
                    "chain ends at seq " + (expected - 1) + ", checkpoint pins seq " + checkpointed.get().seq());
        }
        if (fault == null && anchor.required() && anchor.checkpoint().isEmpty() && expected > 0) {
            fail(expected, ChainVerdict.ReasonCode.NO_CHECKPOINT,
                    "no checkpoint verified with the key, so nothing pins this chain's head: a truncated tail would not show");
        }
        progress.verified(chain, expected);
        return new ChainVerdict(chain, expected, Optional.ofNullable(last).map(ChainHead::of), Optional.ofNullable(fault));
    }

    /**
     * A record the checkpoint does not cover (its chain is not pinned, or it lies after the pinned
     * head) must have been written after the checkpoint's heads were read, so it cannot be dated
     * before the checkpoint by more than {@link Anchor#MARGIN}.
     */
    private Optional<ChainVerdict.Fault> datedBefore(LineageRecord r, CheckpointNote.Contents cp) {
        if (r.ts() >= cp.ts() - Anchor.MARGIN.toMillis()) {
            return Optional.empty();
        }
        String dated = "dated " + r.ts() + ", more than " + Anchor.MARGIN.toSeconds() + " s before the checkpoint of " + cp.ts();
        if (checkpointed.isEmpty()) {
            return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.ReasonCode.NOT_IN_CHECKPOINT,
                    dated + ", which does not pin this chain"));
        }
        if (r.seq() > checkpointed.get().seq()) {
            return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.ReasonCode.BACKDATED_AFTER_CHECKPOINT,
                    dated + ", which pins this chain at seq " + checkpointed.get().seq()));
        }
        return Optional.empty();
    }

    private void fail(long seq, ChainVerdict.ReasonCode reason, String detail) {
        fault = new ChainVerdict.Fault(seq, reason, detail);
    }
}
