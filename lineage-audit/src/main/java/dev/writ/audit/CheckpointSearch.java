package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.TreeGrowth;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.ChainHead;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the checkpoints that commit to a chain's records, reading O(log n) checkpoint records (a
 * binary search: each chain's pinned head only grows), and grows the chain's tree to a
 * checkpoint's signed root from the frontier stored with the checkpoint before, so proving a
 * record reads the records between two checkpoints, not the chain's history.
 */
final class CheckpointSearch {
    private final LineageAudit audit;
    private final CheckpointKey key;
    private final Map<Long, Optional<CheckpointNote.Contents>> notes = new HashMap<>();

    CheckpointSearch(LineageAudit audit, CheckpointKey key) {
        this.audit = audit;
        this.key = key;
    }

    /** The seq of the newest checkpoint record, if any. */
    OptionalLong latest() {
        return audit.store().head(LineageRecord.CHECKPOINT_CHAIN).map(r -> OptionalLong.of(r.seq())).orElse(OptionalLong.empty());
    }

    /** Checkpoint {@code seq}'s note when it verifies with the key. */
    Optional<CheckpointNote.Contents> note(long seq) {
        return notes.computeIfAbsent(seq, s -> audit.store().get(LineageRecord.CHECKPOINT_CHAIN, s)
                .flatMap(LineageRecord::note).flatMap(n -> CheckpointNote.verify(n, key)));
    }

    /** The first checkpoint up to {@code latest} whose v2 note commits to a tree of {@code chain} that holds {@code seq}. */
    OptionalLong covering(String chain, long seq, long latest) {
        if (!covers(latest, chain, seq)) {
            return OptionalLong.empty();
        }
        long lo = 0;
        long hi = latest;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (covers(mid, chain, seq)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return OptionalLong.of(lo);
    }

    private boolean covers(long checkpointSeq, String chain, long seq) {
        return note(checkpointSeq).filter(c -> c.root(chain).isPresent())
                .flatMap(c -> c.head(chain)).map(h -> h.seq() >= seq).orElse(false);
    }

    /**
     * {@code chain}'s tree at checkpoint {@code at}, able to prove every record from {@code first}
     * on, grown from the frontier stored with the checkpoint before {@code firstCovering} (the one
     * covering {@code first}); empty when the stored records do not reach the signed root.
     */
    Optional<TreeGrowth> growth(String chain, long first, long firstCovering, CheckpointNote.Contents at) {
        ChainHead pinned = at.head(chain).orElseThrow();
        ChainTrees.SignedRoot signed = new ChainTrees.SignedRoot(pinned.seq() + 1, at.root(chain).orElseThrow());
        Optional<MerkleFrontier> stored = audit.state().frontier(chain, firstCovering - 1).map(CheckpointState.StoredFrontier::frontier);
        return audit.trees().growth(chain, stored, first, signed);
    }
}
