package dev.writ.audit.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Proof sizes and verification times of the Merkle library at several chain lengths, over
 * synthetic leaves (leaf i = {@code MerkleHash.leaf} of its 8-byte index): per length, the
 * inclusion proof of the middle and the last leaf and the consistency proof from the size a
 * checkpoint 250 records earlier had (a scheduled signer's steady state), each as hashes, as the
 * JSON a bundle carries, and the median time of verifying it ({@value #RUNS} runs after
 * {@value #WARM_UP} warm-up runs). Not a test: run by hand, command and results in docs/lineage.md (Proof sizes).
 *
 * <pre>
 * java -Xmx2g -cp "$(scripts/classpath lineage-audit)" dev.writ.audit.merkle.ProofSizeMeasurement 1000 100000 1000000
 * </pre>
 */
final class ProofSizeMeasurement {
    private static final int RUNS = 2000;
    /** Enough calls for the JIT to compile the verification before it is timed. */
    private static final int WARM_UP = 20_000;
    private static final int INTERVAL = 250;

    private ProofSizeMeasurement() {
    }

    public static void main(String[] args) {
        System.out.println("| records per chain | proof | hashes | JSON bytes | verification (µs, median of " + RUNS + ") |");
        System.out.println("|---|---|---|---|---|");
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            List<MerkleHash> leaves = new ArrayList<>(n);
            for (long i = 0; i < n; i++) {
                leaves.add(MerkleHash.leaf(ByteBuffer.allocate(8).putLong(i).array()));
            }
            MerkleTree tree = MerkleTree.of(leaves);
            MerkleHash root = tree.rootHash();
            for (long index : new long[] {n / 2, n - 1}) {
                InclusionProof p = tree.inclusionProof(index, n);
                MerkleHash leaf = leaves.get(Math.toIntExact(index));
                double us = medianMicros(() -> require(p.verify(leaf, root)));
                row(n, "inclusion of leaf " + index, p.path().size(), p.toJson(), us);
            }
            long old = Math.max(1, n - INTERVAL);
            ConsistencyProof c = tree.consistencyProof(old, n);
            MerkleHash oldRoot = tree.rootHash(old);
            double us = medianMicros(() -> require(c.verify(oldRoot, root)));
            row(n, "consistency from " + old, c.path().size(), c.toJson(), us);
        }
    }

    private static void require(ProofVerdict v) {
        if (!v.isVerified()) {
            throw new IllegalStateException("a proof of the measured tree did not verify: " + v);
        }
    }

    private static void row(int n, String proof, int hashes, String json, double us) {
        System.out.printf(Locale.ROOT, "| %,d | %s | %d | %,d | %.1f |%n", n, proof, hashes,
                json.getBytes(StandardCharsets.UTF_8).length, us);
    }

    private static double medianMicros(Runnable verify) {
        for (int i = 0; i < WARM_UP; i++) {
            verify.run();
        }
        long[] ns = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            verify.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return ns[RUNS / 2] / 1000.0;
    }
}
