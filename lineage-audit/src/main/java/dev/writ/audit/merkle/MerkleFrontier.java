package dev.writ.audit.merkle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The right edge of a Merkle tree (a "compact range" over {@code [0, size)}): the roots of the
 * complete subtrees the first {@code size} leaves split into, largest first, one per set bit of
 * {@code size}. That is all it takes to append leaves, compute the new root, and prove the new
 * tree consistent with this one ({@link #grow}), without the leaves before: a checkpointer stores
 * it with a checkpoint and extends it from the records appended since. Immutable.
 *
 * <p>JSON: {@code {"subtrees":["<hex>",...],"treeSize":N}}, canonical, hashes in lower-case hex.
 */
public final class MerkleFrontier {
    private static final Set<String> MEMBERS = Set.of("treeSize", "subtrees");
    private static final MerkleFrontier EMPTY = new MerkleFrontier(0, List.of());

    private final long size;
    private final List<MerkleHash> subtrees;

    private MerkleFrontier(long size, List<MerkleHash> subtrees) {
        this.size = size;
        this.subtrees = subtrees;
    }

    /** The frontier of the empty tree. */
    public static MerkleFrontier empty() {
        return EMPTY;
    }

    /**
     * A frontier from stored values: {@code subtrees} must hold exactly one hash per set bit of
     * {@code size}, largest subtree first.
     */
    public static MerkleFrontier of(long size, List<MerkleHash> subtrees) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is non-negative");
        }
        if (subtrees.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size) + " frontier subtrees, not " + subtrees.size());
        }
        return new MerkleFrontier(size, List.copyOf(subtrees));
    }

    public long size() {
        return size;
    }

    /** The complete subtrees' roots, largest (leftmost) first. */
    public List<MerkleHash> subtrees() {
        return subtrees;
    }

    /** The tree's root: the subtrees folded from the right ({@link MerkleHash#emptyRoot()} for size 0). */
    public MerkleHash rootHash() {
        if (subtrees.isEmpty()) {
            return MerkleHash.emptyRoot();
        }
        MerkleHash r = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            r = MerkleHash.node(subtrees.get(i), r);
        }
        return r;
    }

    /** The frontier after appending {@code leafHashes} in order. */
    public MerkleFrontier append(List<MerkleHash> leafHashes) {
        List<MerkleHash> stack = new ArrayList<>(subtrees);
        long n = size;
        for (MerkleHash leaf : leafHashes) {
            stack.add(leaf);
            // Each trailing one bit of the old size is a subtree of the new leaf's height to merge with.
            for (long carry = n; (carry & 1) == 1; carry >>= 1) {
                MerkleHash right = stack.remove(stack.size() - 1);
                MerkleHash left = stack.remove(stack.size() - 1);
                stack.add(MerkleHash.node(left, right));
            }
            n = Math.addExact(n, 1);
        }
        return new MerkleFrontier(n, List.copyOf(stack));
    }

    /**
     * The tree this frontier's tree becomes with {@code leafHashes} appended: its frontier and root,
     * the consistency proof from this size, inclusion proofs of the appended leaves.
     */
    public TreeGrowth grow(List<MerkleHash> leafHashes) {
        return new TreeGrowth(this, leafHashes);
    }

    /**
     * The hash of the frontier subtree that is exactly {@code [lo, hi)}, or null when no
     * subtree is that range.
     */
    MerkleHash subtree(long lo, long hi) {
        long start = 0;
        int i = 0;
        for (int bit = 63; bit >= 0; bit--) {
            if ((size >>> bit & 1) == 1) {
                long end = start + (1L << bit);
                if (start == lo && end == hi) {
                    return subtrees.get(i);
                }
                start = end;
                i++;
            }
        }
        return null;
    }

    /** The canonical JSON of this frontier. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subtrees", subtrees);
        m.put("treeSize", size);
        return ProofJson.write(m);
    }

    /**
     * Reads the JSON {@link #toJson} writes: exactly those members, as many hashes as
     * {@code treeSize} has set bits.
     *
     * @throws MalformedProofException naming the fault, for anything else
     */
    public static MerkleFrontier parse(String json) {
        ProofJson j = ProofJson.read(json, "frontier", MEMBERS);
        long size = j.size("treeSize");
        List<MerkleHash> subtrees = j.hashes("subtrees");
        if (subtrees.size() != Long.bitCount(size)) {
            throw new MalformedProofException("frontier of tree size " + size + " must hold " + Long.bitCount(size)
                    + " subtrees, not " + subtrees.size());
        }
        return new MerkleFrontier(size, subtrees);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleFrontier f && f.size == size && f.subtrees.equals(subtrees);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + subtrees.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
