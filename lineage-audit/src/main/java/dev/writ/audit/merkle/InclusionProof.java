package dev.writ.audit.merkle;

import dev.writ.audit.merkle.ProofVerdict.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the leaf at {@code leafIndex} (0-based) is in the tree of
 * {@code treeSize} leaves. The path runs from the leaf's sibling up to the root's child.
 * JSON: {@code {"inclusionPath":["<hex>",...],"leafIndex":N,"treeSize":N}} (RFC 9162 §4.12's
 * field names in the lineage format's camelCase and hex).
 */
public record InclusionProof(long leafIndex, long treeSize, List<MerkleHash> path) {
    private static final Set<String> MEMBERS = Set.of("leafIndex", "treeSize", "inclusionPath");

    public InclusionProof {
        if (leafIndex < 0 || treeSize < 0) {
            throw new IllegalArgumentException("leaf index and tree size are non-negative");
        }
        path = List.copyOf(path);
    }

    /**
     * Checks that {@code leafHash} is at {@link #leafIndex} in the tree of {@link #treeSize}
     * leaves whose root is {@code root}, by RFC 9162 §2.1.3.2 step by step. Every hash is 32 bytes
     * by construction ({@link MerkleHash}), the check the RFC's steps leave out.
     */
    public ProofVerdict verify(MerkleHash leafHash, MerkleHash root) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(root, "root");
        if (leafIndex >= treeSize) {
            return ProofVerdict.refused(Reason.INDEX_BEYOND_SIZE, "leaf index " + leafIndex + " is not below tree size " + treeSize);
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        MerkleHash r = leafHash;
        for (MerkleHash p : path) {
            if (sn == 0) {
                return ProofVerdict.refused(Reason.PROOF_TOO_LONG, "more than the " + expectedLength() + " hashes a proof for leaf "
                        + leafIndex + " of " + treeSize + " has");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            return ProofVerdict.refused(Reason.PROOF_TOO_SHORT, path.size() + " hashes, a proof for leaf " + leafIndex + " of "
                    + treeSize + " has " + expectedLength());
        }
        if (!r.equals(root)) {
            return ProofVerdict.refused(Reason.ROOT_MISMATCH, "the path from leaf " + leafIndex + " does not lead to the root of the tree of " + treeSize);
        }
        return ProofVerdict.ok();
    }

    /** How many hashes a proof for this index and size has (for messages; verification follows the RFC's steps). */
    private int expectedLength() {
        return ProofPaths.inclusionLength(leafIndex, treeSize);
    }

    /** The canonical JSON of this proof. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inclusionPath", path);
        m.put("leafIndex", leafIndex);
        m.put("treeSize", treeSize);
        return ProofJson.write(m);
    }

    /**
     * Reads the JSON {@link #toJson} writes: those three members and no others, sizes as
     * non-negative integers, at most {@value ProofJson#MAX_HASHES} hashes of 64 lower-case hex digits.
     *
     * @throws MalformedProofException naming the fault, for anything else
     */
    public static InclusionProof parse(String json) {
        ProofJson j = ProofJson.read(json, "inclusion proof", MEMBERS);
        return new InclusionProof(j.size("leafIndex"), j.size("treeSize"), j.hashes("inclusionPath"));
    }
}
