package dev.writ.audit;

import dev.writ.audit.merkle.TreeGrowth;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Proves records of one chain without walking it from seq 0, against the latest checkpoint whose
 * note verifies: a record the checkpoints cover by an RFC 9162 inclusion proof in the tree of the
 * first checkpoint covering it (reads: a binary search over the checkpoints and the records since
 * the checkpoint before); a newer record by its links back to the head the latest checkpoint pins
 * (reads: the records since that checkpoint). Answers only yes or no: a chain it cannot prove is
 * verified the long way, which names the first bad record.
 */
final class BoundedProof {
    private final LineageAudit audit;
    private final CheckpointSearch search;
    private final long latestSeq;
    private final CheckpointNote.Contents latest;

    private BoundedProof(LineageAudit audit, CheckpointSearch search, long latestSeq, CheckpointNote.Contents latest) {
        this.audit = audit;
        this.search = search;
        this.latestSeq = latestSeq;
        this.latest = latest;
    }

    /** Empty when there is no latest checkpoint with a tree that verifies with the key: nothing bounds the reads. */
    static Optional<BoundedProof> of(LineageAudit audit, CheckpointKey key) {
        CheckpointSearch search = new CheckpointSearch(audit, key);
        OptionalLong latest = search.latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        return search.note(latest.getAsLong()).filter(c -> c.version() >= 2)
                .map(c -> new BoundedProof(audit, search, latest.getAsLong(), c));
    }

    /** True when every one of {@code records} (all of {@code chain}, sorted by seq) is the stored record at its seq and proven. */
    boolean proves(String chain, List<LineageRecord> records) {
        for (LineageRecord r : records) {
            if (!r.hashIsValid() || !audit.store().get(chain, r.seq()).filter(r::equals).isPresent()) {
                return false;
            }
        }
        Optional<ChainHead> pinned = latest.head(chain);
        if (pinned.isPresent() && latest.root(chain).isEmpty()) {
            return false; // a head the signer committed no tree for: only the full walk can say why
        }
        long pinnedSeq = pinned.map(ChainHead::seq).orElse(-1L);
        List<LineageRecord> covered = records.stream().filter(r -> r.seq() <= pinnedSeq).toList();
        List<LineageRecord> newer = records.stream().filter(r -> r.seq() > pinnedSeq).toList();
        return (covered.isEmpty() || included(chain, covered)) && (newer.isEmpty() || linked(chain, pinned, newer));
    }

    private boolean included(String chain, List<LineageRecord> covered) {
        LineageRecord first = covered.get(0);
        LineageRecord last = covered.get(covered.size() - 1);
        OptionalLong firstCovering = search.covering(chain, first.seq(), latestSeq);
        OptionalLong lastCovering = search.covering(chain, last.seq(), latestSeq);
        if (firstCovering.isEmpty() || lastCovering.isEmpty()) {
            return false;
        }
        CheckpointNote.Contents at = search.note(lastCovering.getAsLong()).orElseThrow();
        Optional<TreeGrowth> growth = search.growth(chain, first.seq(), firstCovering.getAsLong(), at);
        return growth.isPresent() && covered.stream()
                .allMatch(r -> growth.get().inclusionProof(r.seq()).verify(Leaves.of(r), at.root(chain).orElseThrow()).isVerified());
    }

    /** Each record from the pinned head (or seq 0) to the newest of {@code newer} links to the one before and is dated after the checkpoint's margin. */
    private boolean linked(String chain, Optional<ChainHead> pinned, List<LineageRecord> newer) {
        String prev = pinned.map(ChainHead::hash).orElse(LineageHash.ZERO_HEX);
        long from = pinned.map(h -> h.seq() + 1).orElse(0L);
        if (pinned.isPresent() && !audit.store().get(chain, pinned.get().seq()).filter(h -> LineageHash.equalHex(h.hash(), pinned.get().hash())).isPresent()) {
            return false;
        }
        long to = newer.get(newer.size() - 1).seq();
        long expected = from;
        long notBefore = latest.ts() - Anchor.MARGIN.toMillis();
        Iterator<LineageRecord> it = audit.reads().range(chain, from, to);
        try {
            while (it.hasNext()) {
                LineageRecord r = it.next();
                if (r.seq() != expected++ || !LineageHash.equalHex(r.prev(), prev) || !r.hashIsValid() || r.ts() < notBefore) {
                    return false;
                }
                prev = r.hash();
            }
        } catch (MalformedRecordException e) {
            return false;
        }
        return expected == to + 1;
    }
}
