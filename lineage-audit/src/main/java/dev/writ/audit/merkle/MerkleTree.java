package dev.writ.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9162 Merkle tree held in memory: every leaf hash and every complete subtree's hash,
 * level by level (about 64 bytes per leaf). Gives the root of the tree or of any earlier size,
 * and inclusion and consistency proofs, each in O(log n) hashes once built. For a chain's whole
 * history; a checkpointer extending a tree keeps a {@link MerkleFrontier} instead.
 */
public final class MerkleTree {
    /** One array holds a level; Java arrays stop at 2^31 bytes. */
    private static final int MAX_LEAVES = Integer.MAX_VALUE / MerkleHash.SIZE;

    /** levels.get(h): the hashes of the complete subtrees of 2^h leaves, left to right, 32 bytes each. */
    private final List<byte[]> levels;
    private final long size;

    private MerkleTree(List<byte[]> levels, long size) {
        this.levels = levels;
        this.size = size;
    }

    /** The tree over {@code leafHashes}, in order (leaf hashes, not leaf data: see {@link MerkleHash#leaf}). */
    public static MerkleTree of(List<MerkleHash> leafHashes) {
        if (leafHashes.size() > MAX_LEAVES) {
            throw new IllegalArgumentException("an in-memory tree holds at most " + MAX_LEAVES + " leaves");
        }
        List<byte[]> levels = new ArrayList<>();
        byte[] level = new byte[leafHashes.size() * MerkleHash.SIZE];
        for (int i = 0; i < leafHashes.size(); i++) {
            System.arraycopy(leafHashes.get(i).bytes(), 0, level, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        levels.add(level);
        while (level.length >= 2 * MerkleHash.SIZE) {
            int pairs = level.length / (2 * MerkleHash.SIZE);
            byte[] up = new byte[pairs * MerkleHash.SIZE];
            for (int i = 0; i < pairs; i++) {
                MerkleHash parent = MerkleHash.node(at(level, 2L * i), at(level, 2L * i + 1));
                System.arraycopy(parent.bytes(), 0, up, i * MerkleHash.SIZE, MerkleHash.SIZE);
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(List.copyOf(levels), leafHashes.size());
    }

    public long size() {
        return size;
    }

    /** The leaf hash at {@code index}. */
    public MerkleHash leaf(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("no leaf " + index + " in this tree of " + size + " leaves");
        }
        return at(levels.get(0), index);
    }

    /** The root of the whole tree ({@link MerkleHash#emptyRoot()} when it is empty). */
    public MerkleHash rootHash() {
        return rootHash(size);
    }

    /** The root of the tree of the first {@code treeSize} leaves, as it was at that size. */
    public MerkleHash rootHash(long treeSize) {
        checkSize(treeSize);
        return ProofPaths.root(this::hash, treeSize);
    }

    /** The proof that leaf {@code index} is in the tree of the first {@code treeSize} leaves. */
    public InclusionProof inclusionProof(long index, long treeSize) {
        checkSize(treeSize);
        return new InclusionProof(index, treeSize, ProofPaths.inclusion(this::hash, index, treeSize));
    }

    /** The proof that the tree of {@code treeSize1} leaves is a prefix of the tree of {@code treeSize2}; {@code 0 < treeSize1 <= treeSize2}. */
    public ConsistencyProof consistencyProof(long treeSize1, long treeSize2) {
        checkSize(treeSize2);
        return new ConsistencyProof(treeSize1, treeSize2, ProofPaths.consistency(this::hash, treeSize1, treeSize2));
    }

    /** MTH(D[lo:hi]): a stored complete subtree when the range is one, else split as RFC 9162 does. */
    private MerkleHash hash(long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1 && lo % n == 0) {
            return at(levels.get(Long.numberOfTrailingZeros(n)), lo / n);
        }
        long k = ProofPaths.splitPoint(n);
        return MerkleHash.node(hash(lo, lo + k), hash(lo + k, hi));
    }

    private void checkSize(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("tree size " + treeSize + " is not within this tree of " + size + " leaves");
        }
    }

    private static MerkleHash at(byte[] level, long index) {
        int from = Math.toIntExact(index * MerkleHash.SIZE);
        byte[] h = new byte[MerkleHash.SIZE];
        System.arraycopy(level, from, h, 0, MerkleHash.SIZE);
        return MerkleHash.of(h);
    }
}
