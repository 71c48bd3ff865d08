package dev.writ.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Random trees up to a few thousand leaves: every inclusion proof and consistency proofs between
 * random sizes verify against independently computed roots, and any one tampered proof element,
 * index, size or root is refused. The seed is printed in every failure (-Dmerkle.seed=N repeats a run).
 */
class MerklePropertyTest {
    private static final int MAX = 3000;
    private final long seed = Long.getLong("merkle.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final List<MerkleHash> leaves = randomLeaves(MAX + 1);
    private final MerkleTree tree = MerkleTree.of(leaves);

    private List<MerkleHash> randomLeaves(int n) {
        List<MerkleHash> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // The index first, so no two leaves are equal (a "wrong leaf" must really be another leaf).
            byte[] data = new byte[4 + random.nextInt(40)];
            random.nextBytes(data);
            ByteBuffer.wrap(data).putInt(i);
            out.add(MerkleHash.leaf(data));
        }
        return out;
    }

    /** Sizes at and around powers of two, and random ones, all below MAX so size + 1 has a root too. */
    private TreeSet<Integer> sizes() {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int n = 1; n <= 17; n++) {
            sizes.add(n);
        }
        for (int p = 32; p < MAX; p <<= 1) {
            sizes.add(p - 1);
            sizes.add(p);
            sizes.add(p + 1);
        }
        while (sizes.size() < 60) {
            sizes.add(2 + random.nextInt(MAX - 2));
        }
        return sizes;
    }

    /** MTH straight from RFC 9162 §2.1.1's definition, sharing no code with the tree. */
    private static MerkleHash mth(List<MerkleHash> d) {
        if (d.isEmpty()) {
            return MerkleHash.emptyRoot();
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = 1;
        while (k * 2 < d.size()) {
            k *= 2;
        }
        return MerkleHash.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    @Test
    void rootsOfEverySizeMatchTheDefinitionAndTheFrontier() {
        MerkleFrontier frontier = MerkleFrontier.empty();
        assertThat(tree.rootHash(0)).isEqualTo(MerkleHash.emptyRoot()).isEqualTo(frontier.rootHash());
        TreeSet<Integer> sizes = sizes();
        for (int n = 1; n <= sizes.last(); n++) {
            frontier = frontier.append(List.of(leaves.get(n - 1)));
            if (sizes.contains(n)) {
                assertThat(tree.rootHash(n)).as("seed %d size %d", seed, n).isEqualTo(mth(leaves.subList(0, n))).isEqualTo(frontier.rootHash());
                assertThat(frontier.subtrees()).hasSize(Integer.bitCount(n));
            }
        }
    }

    @Test
    void everyInclusionProofVerifiesAndEveryTamperingIsRefused() {
        for (int n : sizes()) {
            MerkleHash root = tree.rootHash(n);
            for (int i = 0; i < n; i++) {
                InclusionProof proof = tree.inclusionProof(i, n);
                assertThat(proof.path()).hasSize(ProofPaths.inclusionLength(i, n));
                assertThat(proof.verify(leaves.get(i), root).isVerified()).as("seed %d leaf %d of %d", seed, i, n).isTrue();
                if (n < 40 || random.nextInt(n) < 20) {
                    String where = "seed " + seed + " leaf " + i + " of " + n;
                    tamperings(proof).forEach((name, t) -> assertThat(t.getAsBoolean()).as(where + ": " + name).isFalse());
                }
            }
        }
    }

    /** Each function checks one tampered variant against the honest tree head of the size it claims; all must be refused. */
    private Map<String, BooleanSupplier> tamperings(InclusionProof p) {
        long i = p.leafIndex();
        long n = p.treeSize();
        Map<String, BooleanSupplier> out = new LinkedHashMap<>();
        for (int e = 0; e < p.path().size(); e++) {
            List<MerkleHash> path = flipOneBit(p.path(), e);
            out.put("bit flipped in hash " + e, () -> new InclusionProof(i, n, path).verify(leaves.get((int) i), tree.rootHash(n)).isVerified());
        }
        if (i > 0) {
            out.put("index - 1", () -> new InclusionProof(i - 1, n, p.path()).verify(leaves.get((int) i), tree.rootHash(n)).isVerified());
        }
        out.put("index + 1", () -> new InclusionProof(i + 1, n, p.path()).verify(leaves.get((int) i), tree.rootHash(n)).isVerified());
        if (n - 1 > i) {
            out.put("size - 1", () -> new InclusionProof(i, n - 1, p.path()).verify(leaves.get((int) i), tree.rootHash(n - 1)).isVerified());
        }
        out.put("size + 1", () -> new InclusionProof(i, n + 1, p.path()).verify(leaves.get((int) i), tree.rootHash(n + 1)).isVerified());
        out.put("another leaf", () -> p.verify(leaves.get((int) (i + 1)), tree.rootHash(n)).isVerified());
        out.put("root of size + 1", () -> p.verify(leaves.get((int) i), tree.rootHash(n + 1)).isVerified());
        out.putAll(lengthTamperings(p.path(), path -> new InclusionProof(i, n, path).verify(leaves.get((int) i), tree.rootHash(n)).isVerified()));
        return out;
    }

    @Test
    void consistencyProofsBetweenRandomSizesVerifyAndEveryTamperingIsRefused() {
        for (int n : sizes()) {
            TreeSet<Integer> firsts = new TreeSet<>(List.of(1, n));
            if (n <= 65) {
                for (int m = 1; m <= n; m++) {
                    firsts.add(m);
                }
            }
            while (firsts.size() < Math.min(n, 40)) {
                firsts.add(1 + random.nextInt(n));
            }
            for (int m : firsts) {
                ConsistencyProof proof = tree.consistencyProof(m, n);
                assertThat(proof.verify(tree.rootHash(m), tree.rootHash(n)).isVerified()).as("seed %d from %d to %d", seed, m, n).isTrue();
                String where = "seed " + seed + " from " + m + " to " + n;
                tamperings(proof).forEach((name, t) -> assertThat(t.getAsBoolean()).as(where + ": " + name).isFalse());
            }
        }
    }

    private Map<String, BooleanSupplier> tamperings(ConsistencyProof p) {
        long m = p.treeSize1();
        long n = p.treeSize2();
        Map<String, BooleanSupplier> out = new LinkedHashMap<>();
        for (int e = 0; e < p.path().size(); e++) {
            List<MerkleHash> path = flipOneBit(p.path(), e);
            out.put("bit flipped in hash " + e, () -> new ConsistencyProof(m, n, path).verify(tree.rootHash(m), tree.rootHash(n)).isVerified());
        }
        out.put("size1 - 1", () -> new ConsistencyProof(m - 1, n, p.path()).verify(tree.rootHash(m - 1), tree.rootHash(n)).isVerified());
        if (m < n) {
            out.put("size1 + 1", () -> new ConsistencyProof(m + 1, n, p.path()).verify(tree.rootHash(m + 1), tree.rootHash(n)).isVerified());
            out.put("size2 - 1", () -> new ConsistencyProof(m, n - 1, p.path()).verify(tree.rootHash(m), tree.rootHash(n - 1)).isVerified());
            out.put("sizes swapped", () -> new ConsistencyProof(n, m, p.path()).verify(tree.rootHash(n), tree.rootHash(m)).isVerified());
            out.put("roots swapped", () -> p.verify(tree.rootHash(n), tree.rootHash(m)).isVerified());
            out.put("root1 of size1 - 1", () -> p.verify(tree.rootHash(m - 1), tree.rootHash(n)).isVerified());
        }
        out.put("size2 + 1", () -> new ConsistencyProof(m, n + 1, p.path()).verify(tree.rootHash(m), tree.rootHash(n + 1)).isVerified());
        out.put("root2 of size2 + 1", () -> p.verify(tree.rootHash(m), tree.rootHash(n + 1)).isVerified());
        MerkleHash otherRoot = MerkleHash.leaf(tree.rootHash(m).bytes());
        out.put("another root1", () -> p.verify(otherRoot, tree.rootHash(n)).isVerified());
        out.putAll(lengthTamperings(p.path(), path -> new ConsistencyProof(m, n, path).verify(tree.rootHash(m), tree.rootHash(n)).isVerified()));
        return out;
    }

    /** A hash dropped (first, last) or added (front, end), and the hashes reversed. */
    private Map<String, BooleanSupplier> lengthTamperings(List<MerkleHash> path, Predicate<List<MerkleHash>> verify) {
        Map<String, List<MerkleHash>> variants = new LinkedHashMap<>();
        if (!path.isEmpty()) {
            variants.put("first hash dropped", path.subList(1, path.size()));
            variants.put("last hash dropped", path.subList(0, path.size() - 1));
        }
        MerkleHash extra = MerkleHash.leaf(new byte[] {(byte) random.nextInt()});
        List<MerkleHash> front = new ArrayList<>(List.of(extra));
        front.addAll(path);
        variants.put("hash added in front", front);
        List<MerkleHash> end = new ArrayList<>(path);
        end.add(extra);
        variants.put("hash added at the end", end);
        if (path.size() > 1 && !path.get(0).equals(path.get(path.size() - 1))) {
            List<MerkleHash> reversed = new ArrayList<>(path);
            Collections.reverse(reversed);
            variants.put("hashes reversed", reversed);
        }
        Map<String, BooleanSupplier> out = new LinkedHashMap<>();
        variants.forEach((name, v) -> out.put(name, () -> verify.test(v)));
        return out;
    }

    private List<MerkleHash> flipOneBit(List<MerkleHash> path, int element) {
        byte[] b = path.get(element).bytes();
        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        List<MerkleHash> out = new ArrayList<>(path);
        out.set(element, MerkleHash.of(b));
        return out;
    }

    @Test
    void aGrownFrontierGivesTheTreesRootFrontierAndProofs() {
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(round < 100 ? 70 : MAX);
            int m = random.nextInt(n + 1);
            MerkleFrontier at = MerkleFrontier.empty().append(leaves.subList(0, m));
            TreeGrowth growth = at.grow(leaves.subList(m, n));
            String where = "seed " + seed + " from " + m + " to " + n;
            assertThat(growth.fromSize()).isEqualTo(m);
            assertThat(growth.size()).isEqualTo(n);
            assertThat(growth.rootHash()).as(where).isEqualTo(tree.rootHash(n));
            assertThat(growth.frontier()).as(where).isEqualTo(MerkleFrontier.empty().append(leaves.subList(0, n)));
            if (m > 0) {
                assertThat(growth.consistencyProof()).as(where).isEqualTo(tree.consistencyProof(m, n));
                assertThat(growth.consistencyProof().verify(at.rootHash(), growth.rootHash()).isVerified()).isTrue();
            }
            for (int k = 0; k < 5 && m < n; k++) {
                int i = m + random.nextInt(n - m);
                assertThat(growth.inclusionProof(i)).as(where + " leaf " + i).isEqualTo(tree.inclusionProof(i, n));
            }
        }
    }
}
