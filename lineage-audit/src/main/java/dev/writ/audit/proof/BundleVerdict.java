package dev.writ.audit.proof;

import dev.writ.core.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying a proof bundle: what was proven, or the first reason it was refused. A
 * value: a bad bundle is an expected finding.
 */
public record BundleVerdict(Optional<Reason> failure, String detail, Optional<Proven> proven) {

    /** Why a bundle was refused (docs/lineage.md, Verifying a bundle). */
    public enum Reason {
        /** Not the bundle format: not JSON (a truncated file), a member missing or unknown, a record or proof that does not parse. */
        MALFORMED_BUNDLE,
        /** Records not in strictly ascending (chain, seq) order, or one listed twice. */
        REORDERED,
        /** A record of neither this execution nor its transaction, or no record of the execution at all. */
        NOT_THIS_EXECUTION,
        /** The bundle, the checkpoint note or the log checkpoint names another origin than the trusted one. */
        ORIGIN_MISMATCH,
        /** The checkpoint record is not a checkpoint record whose hash matches it, or its note commits to no tree (v1). */
        BAD_CHECKPOINT_RECORD,
        /** The checkpoint note or the log checkpoint carries no signature by the trusted checkpoint key. */
        UNTRUSTED_KEY,
        /** A signature line by the trusted checkpoint key or a trusted witness does not verify. */
        BAD_SIGNATURE,
        /** Fewer cosignatures by trusted witnesses than required, and the note carries cosignatures by keys the trust file does not name. */
        UNKNOWN_WITNESS,
        /** Fewer cosignatures by trusted witnesses than required, counting none dated more than {@code Cosignature.MAX_AHEAD} after the verifier's clock, and there is such a one. */
        FUTURE_COSIGNATURE,
        /** Fewer cosignatures by trusted witnesses than required (or no log checkpoint at all). */
        TOO_FEW_COSIGNATURES,
        /** A record whose stored hash does not match its content and prev. */
        RECORD_HASH_MISMATCH,
        /** A record of a chain the checkpoint commits no tree for, or beyond the head it pins. */
        NOT_IN_CHECKPOINT,
        /** An inclusion proof for another tree size than the one the checkpoint (or log checkpoint) signs. */
        TREE_SIZE_MISMATCH,
        /** An inclusion proof for another leaf than the record's seq (or the checkpoint record's). */
        WRONG_LEAF_INDEX,
        /** An inclusion proof that does not lead from the record's leaf hash to the signed root (its Merkle reason in the detail). */
        INCLUSION_FAILED
    }

    /** What a verified bundle proves. */
    public record Proven(String execId, String origin, long checkpointSeq, long checkpointTs, String checkpointKey,
            Optional<Long> logSize, List<String> cosignedBy, List<Map<String, Object>> records) {
        public Proven {
            Objects.requireNonNull(logSize, "logSize");
            cosignedBy = List.copyOf(cosignedBy);
            records = List.copyOf(records);
        }
    }

    static BundleVerdict refused(Reason reason, String detail) {
        return new BundleVerdict(Optional.of(reason), detail, Optional.empty());
    }

    static BundleVerdict verified(Proven proven) {
        return new BundleVerdict(Optional.empty(), "verified", Optional.of(proven));
    }

    public boolean isVerified() {
        return failure.isEmpty();
    }

    /**
     * The report: {@code {"verified":false,"reason":..,"detail":..}}, or what was proven and, as
     * plainly, what was not.
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verified", isVerified());
        failure.ifPresent(r -> {
            m.put("reason", r.name());
            m.put("detail", detail);
        });
        proven.ifPresent(p -> {
            m.put("execId", p.execId());
            m.put("origin", p.origin());
            Map<String, Object> cp = new LinkedHashMap<>();
            cp.put("seq", p.checkpointSeq());
            cp.put("ts", p.checkpointTs());
            cp.put("signedBy", p.checkpointKey());
            m.put("checkpoint", cp);
            p.logSize().ifPresent(size -> m.put("log", Map.of("treeSize", size, "cosignedBy", p.cosignedBy())));
            m.put("records", p.records());
            m.put("proven", List.of(
                    "each record listed is, exactly as shown, the record at its seq of its chain in the tree whose root checkpoint "
                            + p.checkpointSeq() + " of " + p.origin() + " signs with " + p.checkpointKey() + " (signed at " + p.checkpointTs() + " ms)",
                    p.logSize().map(size -> "checkpoint " + p.checkpointSeq() + " is leaf " + p.checkpointSeq() + " of the checkpoint log of size "
                            + size + (p.cosignedBy().isEmpty() ? ", signed by the checkpoint key; no trusted witness cosigned it"
                            : ", cosigned by " + String.join(", ", p.cosignedBy()))).orElse("no log checkpoint: nothing but the checkpoint key vouches for checkpoint "
                            + p.checkpointSeq() + ", and its seq is not signed")));
            m.put("notProven", List.of(
                    "that these are all of the execution's records: the index that found them is not committed by any checkpoint",
                    "the writ itself: the lineage does not store writs; the authorizer's decision record (type decision, same execId) stands for it",
                    "that the chains still hold these records now, or anything appended after the checkpoint",
                    "that the checkpoint key was not misused: only witnesses (cosignatures) vouch for the log's history"));
        });
        return CanonicalJson.of(m);
    }
}
