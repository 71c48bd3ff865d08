package dev.writ.audit.merkle;

import java.util.List;

/**
 * A tree seen through the frontier of an earlier size and the leaf hashes appended since: enough
 * for its root, its frontier, the consistency proof from the earlier size and inclusion proofs of
 * the appended leaves, never reading a leaf before the frontier. (Each hash such a proof needs is
 * either a frontier subtree or made of appended leaves: RFC 9162's PATH and SUBPROOF only take
 * complete subtrees left of the earlier size that are maximal, i.e. frontier subtrees.)
 */
public final class TreeGrowth {
    private final MerkleFrontier from;
    private final List<MerkleHash> appended;
    private final MerkleFrontier frontier;

    TreeGrowth(MerkleFrontier from, List<MerkleHash> appended) {
        this.from = from;
        this.appended = List.copyOf(appended);
        this.frontier = from.append(this.appended);
    }

    /** The size the growth started from. */
    public long fromSize() {
        return from.size();
    }

    public long size() {
        return frontier.size();
    }

    /** The frontier of the grown tree, to store for the next growth. */
    public MerkleFrontier frontier() {
        return frontier;
    }

    public MerkleHash rootHash() {
        return frontier.rootHash();
    }

    /**
     * The proof that the tree at {@link #fromSize()} is a prefix of the grown tree (empty when
     * nothing was appended).
     *
     * @throws IllegalStateException when the growth started from the empty tree: there is nothing
     *     to prove (C2SP tlog-witness sends old size 0 with no proof lines)
     */
    public ConsistencyProof consistencyProof() {
        if (from.size() == 0) {
            throw new IllegalStateException("no consistency proof from the empty tree: it is consistent with every tree");
        }
        return new ConsistencyProof(from.size(), size(), ProofPaths.consistency(this::hash, from.size(), size()));
    }

    /** The inclusion proof of appended leaf {@code index} ({@code fromSize() <= index < size()}) in the grown tree. */
    public InclusionProof inclusionProof(long index) {
        if (index < from.size() || index >= size()) {
            throw new IllegalArgumentException("leaf " + index + " was not appended in this growth (" + from.size() + " to " + size() + ")");
        }
        return new InclusionProof(index, size(), ProofPaths.inclusion(this::hash, index, size()));
    }

    /** MTH(D[lo:hi]) from a frontier subtree, the appended leaves, or both split as RFC 9162 does. */
    private MerkleHash hash(long lo, long hi) {
        long m = from.size();
        if (hi <= m) {
            MerkleHash subtree = from.subtree(lo, hi);
            if (subtree == null) {
                // Unreachable for the proofs above (see the class comment); a guard, not a fallback.
                throw new IllegalStateException("leaves " + lo + " to " + hi + " are behind the frontier at " + m);
            }
            return subtree;
        }
        if (lo >= m) {
            return ProofPaths.fromLeaves(i -> appended.get(Math.toIntExact(i - m)), lo, hi);
        }
        long k = ProofPaths.splitPoint(hi - lo);
        return MerkleHash.node(hash(lo, lo + k), hash(lo + k, hi));
    }
}
