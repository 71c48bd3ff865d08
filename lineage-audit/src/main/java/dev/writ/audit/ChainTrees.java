package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.TreeGrowth;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A chain's RFC 9162 tree, extended from a stored {@link MerkleFrontier} by the records appended
 * since, so only those are read. A stored frontier is never trusted on its own: the tree it
 * gives must reach a root a verified checkpoint signed, or it is rebuilt from seq 0. A chain with
 * a missing seq, or an item that is not a record, has no tree (nothing is committed over a hole).
 */
final class ChainTrees {
    private static final int BATCH = 1024;

    private final TableReads reads;

    ChainTrees(TableReads reads) {
        this.reads = reads;
    }

    /** A tree size and the root a verified checkpoint signed for it. */
    record SignedRoot(long size, MerkleHash root) {
    }

    /**
     * The frontier of the chain's first {@code size} leaves. {@code stored} is used when the tree
     * it extends to reaches {@code signed}'s root at {@code signed}'s size; without a signed root,
     * or when it does not match, the tree is rebuilt from seq 0. Empty when the records are not
     * seqs 0 to {@code size - 1} without a hole.
     */
    Optional<MerkleFrontier> frontier(String chain, Optional<MerkleFrontier> stored, long size, Optional<SignedRoot> signed) {
        if (stored.isPresent() && signed.isPresent() && stored.get().size() <= signed.get().size() && signed.get().size() <= size) {
            Optional<MerkleFrontier> upToSigned = extend(chain, stored.get(), signed.get().size());
            if (upToSigned.isEmpty()) {
                return Optional.empty();
            }
            if (upToSigned.get().rootHash().equals(signed.get().root())) {
                return extend(chain, upToSigned.get(), size);
            }
        }
        return extend(chain, MerkleFrontier.empty(), size);
    }

    /**
     * The chain's tree of {@code signed.size()} leaves, able to prove every leaf from
     * {@code firstProven} on, when it reaches the signed root: from {@code stored} when that
     * works (its size at most {@code firstProven}), else rebuilt from seq 0. Empty when neither
     * reaches the signed root or the records have a hole.
     */
    Optional<TreeGrowth> growth(String chain, Optional<MerkleFrontier> stored, long firstProven, SignedRoot signed) {
        List<MerkleFrontier> starts = new ArrayList<>();
        stored.filter(f -> f.size() <= firstProven).ifPresent(starts::add);
        starts.add(MerkleFrontier.empty());
        for (MerkleFrontier start : starts) {
            Optional<TreeGrowth> g = extend(chain, start, firstProven)
                    .flatMap(f -> leaves(chain, f.size(), signed.size()).map(f::grow));
            if (g.isPresent() && g.get().size() == signed.size() && g.get().rootHash().equals(signed.root())) {
                return g;
            }
        }
        return Optional.empty();
    }

    /** {@code from} extended by the chain's records up to (not including) index {@code size}, streamed. */
    private Optional<MerkleFrontier> extend(String chain, MerkleFrontier from, long size) {
        MerkleFrontier f = from;
        Iterator<LineageRecord> it = reads.range(chain, from.size(), size - 1);
        List<MerkleHash> batch = new ArrayList<>(BATCH);
        long expected = from.size();
        try {
            while (it.hasNext()) {
                LineageRecord r = it.next();
                if (r.seq() != expected++) {
                    return Optional.empty();
                }
                batch.add(Leaves.of(r));
                if (batch.size() == BATCH) {
                    f = f.append(batch);
                    batch.clear();
                }
            }
        } catch (MalformedRecordException e) {
            return Optional.empty();
        }
        f = f.append(batch);
        return f.size() == size ? Optional.of(f) : Optional.empty();
    }

    /** The leaf hashes of seqs {@code from} to {@code size - 1}, when all are there. */
    private Optional<List<MerkleHash>> leaves(String chain, long from, long size) {
        List<MerkleHash> out = new ArrayList<>();
        Iterator<LineageRecord> it = reads.range(chain, from, size - 1);
        try {
            while (it.hasNext()) {
                LineageRecord r = it.next();
                if (r.seq() != from + out.size()) {
                    return Optional.empty();
                }
                out.add(Leaves.of(r));
            }
        } catch (MalformedRecordException e) {
            return Optional.empty();
        }
        return out.size() == size - from ? Optional.of(out) : Optional.empty();
    }
}
