package dev.writ.audit.merkle;

import dev.writ.audit.merkle.ProofVerdict.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An RFC 9162 §2.1.4 consistency proof: the tree of {@code treeSize1} leaves is a prefix of the
 * tree of {@code treeSize2} leaves. JSON:
 * {@code {"consistencyPath":["<hex>",...],"treeSize1":N,"treeSize2":N}} (RFC 9162 §4.11's field
 * names in the lineage format's camelCase and hex).
 */
public record ConsistencyProof(long treeSize1, long treeSize2, List<MerkleHash> path) {
    private static final Set<String> MEMBERS = Set.of("treeSize1", "treeSize2", "consistencyPath");

    public ConsistencyProof {
        if (treeSize1 < 0 || treeSize2 < 0) {
            throw new IllegalArgumentException("tree sizes are non-negative");
        }
        path = List.copyOf(path);
    }

    /**
     * Checks that {@code root1} (of {@link #treeSize1} leaves) and {@code root2} (of
     * {@link #treeSize2}) are heads of one append-only tree, by RFC 9162 §2.1.4.2 step by step
     * for {@code 0 < treeSize1 < treeSize2}. Outside that range, as transparency-dev/merkle:
     * a smaller second tree is {@link Reason#SIZES_REVERSED}; a first tree of size 0 is
     * {@link Reason#EMPTY_FIRST_TREE} (nothing to prove; the protocol layer decides what old size 0
     * means); equal sizes verify only with an empty proof and equal roots.
     */
    public ProofVerdict verify(MerkleHash root1, MerkleHash root2) {
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        if (treeSize1 > treeSize2) {
            return ProofVerdict.refused(Reason.SIZES_REVERSED, "tree size " + treeSize1 + " is larger than " + treeSize2);
        }
        if (treeSize1 == 0) {
            return ProofVerdict.refused(Reason.EMPTY_FIRST_TREE, "a consistency proof from the empty tree proves nothing");
        }
        if (treeSize1 == treeSize2) {
            if (!path.isEmpty()) {
                return ProofVerdict.refused(Reason.PROOF_TOO_LONG, "equal sizes take an empty proof, not " + path.size() + " hashes");
            }
            return root1.equals(root2) ? ProofVerdict.ok()
                    : ProofVerdict.refused(Reason.SECOND_ROOT_MISMATCH, "two different roots for tree size " + treeSize1 + ": a fork");
        }
        // RFC 9162 §2.1.4.2, steps 1 to 7.
        if (path.isEmpty()) {
            return ProofVerdict.refused(Reason.PROOF_TOO_SHORT, "an empty proof from " + treeSize1 + " to " + treeSize2);
        }
        List<MerkleHash> p = path;
        if (Long.bitCount(treeSize1) == 1) {
            p = new ArrayList<>(path.size() + 1);
            p.add(root1);
            p.addAll(path);
        }
        long fn = treeSize1 - 1;
        long sn = treeSize2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        MerkleHash fr = p.get(0);
        MerkleHash sr = p.get(0);
        for (MerkleHash c : p.subList(1, p.size())) {
            if (sn == 0) {
                return ProofVerdict.refused(Reason.PROOF_TOO_LONG, "more hashes than a proof from " + treeSize1 + " to " + treeSize2 + " has");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            return ProofVerdict.refused(Reason.PROOF_TOO_SHORT, "fewer hashes than a proof from " + treeSize1 + " to " + treeSize2 + " has");
        }
        if (!fr.equals(root1)) {
            return ProofVerdict.refused(Reason.FIRST_ROOT_MISMATCH, "the proof does not rebuild the root of the tree of " + treeSize1);
        }
        if (!sr.equals(root2)) {
            return ProofVerdict.refused(Reason.SECOND_ROOT_MISMATCH, "the proof does not rebuild the root of the tree of " + treeSize2);
        }
        return ProofVerdict.ok();
    }

    /** The canonical JSON of this proof. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consistencyPath", path);
        m.put("treeSize1", treeSize1);
        m.put("treeSize2", treeSize2);
        return ProofJson.write(m);
    }

    /**
     * Reads the JSON {@link #toJson} writes: those three members and no others, sizes as
     * non-negative integers, at most {@value ProofJson#MAX_HASHES} hashes of 64 lower-case hex digits.
     *
     * @throws MalformedProofException naming the fault, for anything else
     */
    public static ConsistencyProof parse(String json) {
        ProofJson j = ProofJson.read(json, "consistency proof", MEMBERS);
        return new ConsistencyProof(j.size("treeSize1"), j.size("treeSize2"), j.hashes("consistencyPath"));
    }
}
