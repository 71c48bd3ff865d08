package dev.writ.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Proof generation exactly as RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (PROOF, SUBPROOF) define
 * it, over any {@link SubtreeHashes}: a whole tree in memory, or a frontier and the leaves
 * appended to it. Lists run leaf to root, the order the verifiers consume.
 */
final class ProofPaths {

    private ProofPaths() {
    }

    /** {@code MTH(D[0:n])}. */
    static MerkleHash root(SubtreeHashes tree, long n) {
        return n == 0 ? MerkleHash.emptyRoot() : tree.hash(0, n);
    }

    /** {@code PATH(m, D[0:n])} for {@code 0 <= m < n}. */
    static List<MerkleHash> inclusion(SubtreeHashes tree, long m, long n) {
        if (m < 0 || m >= n) {
            throw new IllegalArgumentException("an inclusion proof needs 0 <= index < size, not index " + m + " of " + n);
        }
        List<MerkleHash> out = new ArrayList<>();
        path(tree, m, 0, n, out);
        return List.copyOf(out);
    }

    /** {@code PROOF(m, D[0:n])} for {@code 0 < m <= n} (empty for {@code m == n}). */
    static List<MerkleHash> consistency(SubtreeHashes tree, long m, long n) {
        if (m <= 0 || m > n) {
            throw new IllegalArgumentException("a consistency proof needs 0 < size1 <= size2, not " + m + " and " + n);
        }
        List<MerkleHash> out = new ArrayList<>();
        subproof(tree, m, 0, n, true, out);
        return List.copyOf(out);
    }

    /** PATH(m, D[lo:hi]) with m relative to lo, appended leaf-first. */
    private static void path(SubtreeHashes tree, long m, long lo, long hi, List<MerkleHash> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = splitPoint(n);
        if (m < k) {
            path(tree, m, lo, lo + k, out);
            out.add(tree.hash(lo + k, hi));
        } else {
            path(tree, m - k, lo + k, hi, out);
            out.add(tree.hash(lo, lo + k));
        }
    }

    /** SUBPROOF(m, D[lo:hi], b) with m relative to lo, appended leaf-first. */
    private static void subproof(SubtreeHashes tree, long m, long lo, long hi, boolean b, List<MerkleHash> out) {
        long n = hi - lo;
        if (m == n) {
            if (!b) {
                out.add(tree.hash(lo, hi));
            }
            return;
        }
        long k = splitPoint(n);
        if (m <= k) {
            subproof(tree, m, lo, lo + k, b, out);
            out.add(tree.hash(lo + k, hi));
        } else {
            subproof(tree, m - k, lo + k, hi, false, out);
            out.add(tree.hash(lo, lo + k));
        }
    }

    /** The largest power of two smaller than {@code n}, for {@code n > 1}: where RFC 9162 splits a tree. */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * {@code MTH(D[lo:hi])} from leaf hashes alone, splitting as RFC 9162 §2.1.1 does, for
     * sources that hold no interior nodes for the range.
     */
    static MerkleHash fromLeaves(LeafHashes leaves, long lo, long hi) {
        if (hi - lo == 1) {
            return leaves.leaf(lo);
        }
        long k = splitPoint(hi - lo);
        return MerkleHash.node(fromLeaves(leaves, lo, lo + k), fromLeaves(leaves, lo + k, hi));
    }

    /** The number of hashes in an inclusion proof for leaf {@code index} of {@code size} (transparency-dev's inner + border). */
    static int inclusionLength(long index, long size) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        return inner + Long.bitCount(index >>> inner);
    }

    /** Leaf hashes by index. */
    @FunctionalInterface
    interface LeafHashes {
        MerkleHash leaf(long index);
    }
}
