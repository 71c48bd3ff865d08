package dev.writ.audit.merkle;

/** Where proof generation gets {@code MTH(D[lo:hi])}, the Merkle tree hash of leaves {@code lo} (inclusive) to {@code hi}. */
@FunctionalInterface
interface SubtreeHashes {
    /** The hash of a non-empty range, {@code 0 <= lo < hi}. */
    MerkleHash hash(long lo, long hi);
}
