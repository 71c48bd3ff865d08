package dev.writ.audit.proof;

import dev.writ.audit.BoundedFiles;
import dev.writ.audit.CheckpointNote;
import dev.writ.audit.Leaves;
import dev.writ.audit.merkle.InclusionProof;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.ProofVerdict;
import dev.writ.audit.proof.BundleVerdict.Reason;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.NoteVerdict;
import dev.writ.audit.tlog.NoteVerifier;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.audit.tlog.TlogFormatException;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.ChainHead;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a {@link ProofBundle} offline against a {@link TrustPolicy}: no table, no network;
 * O(log n) hashes per record (n: its chain's length) and for the checkpoint record. The first
 * failing check is the verdict.
 */
public final class ProofVerifier {
    private static final Comparator<LineageRecord> ORDER = Comparator.comparing(LineageRecord::chain).thenComparingLong(LineageRecord::seq);

    private ProofVerifier() {
    }

    /** Parses and verifies a bundle's JSON; a bundle that does not parse is {@code MALFORMED_BUNDLE}. */
    public static BundleVerdict verify(String bundleJson, TrustPolicy trust) {
        ProofBundle bundle;
        try {
            bundle = ProofBundle.parse(bundleJson);
        } catch (MalformedBundleException e) {
            return BundleVerdict.refused(Reason.MALFORMED_BUNDLE, e.getMessage());
        }
        return verify(bundle, trust);
    }

    /**
     * Reads and verifies a bundle file: one larger than {@link ProofBundle#MAX_BYTES} (read no
     * further) or not UTF-8 is {@code MALFORMED_BUNDLE}.
     *
     * @throws IOException when the file cannot be read at all
     */
    public static BundleVerdict verify(Path file, TrustPolicy trust) throws IOException {
        String json;
        try {
            json = BoundedFiles.readUtf8(file, ProofBundle.MAX_BYTES);
        } catch (BoundedFiles.TooLargeException e) {
            return BundleVerdict.refused(Reason.MALFORMED_BUNDLE, "the file has more than a bundle's " + ProofBundle.MAX_BYTES + " bytes");
        } catch (CharacterCodingException e) {
            return BundleVerdict.refused(Reason.MALFORMED_BUNDLE, "the file is not UTF-8");
        }
        return verify(json, trust);
    }

    /** Verifies a parsed bundle. */
    public static BundleVerdict verify(ProofBundle bundle, TrustPolicy trust) {
        return verify(bundle, trust, Clock.systemUTC());
    }

    /** Verifies a parsed bundle, a cosignature dated too far ahead of {@code clock} not counting. */
    static BundleVerdict verify(ProofBundle bundle, TrustPolicy trust, Clock clock) {
        return new Run(bundle, trust, clock).verify();
    }

    private static final class Run {
        private final ProofBundle bundle;
        private final TrustPolicy trust;
        private final Clock clock;

        Run(ProofBundle bundle, TrustPolicy trust, Clock clock) {
            this.bundle = bundle;
            this.trust = trust;
            this.clock = clock;
        }

        BundleVerdict verify() {
            Optional<BundleVerdict> structure = structure();
            if (structure.isPresent()) {
                return structure.get();
            }
            LineageRecord cp = bundle.checkpoint();
            if (!cp.chain().equals(LineageRecord.CHECKPOINT_CHAIN) || cp.note().isEmpty() || !cp.hashIsValid()) {
                return BundleVerdict.refused(Reason.BAD_CHECKPOINT_RECORD, "the checkpoint is not a checkpoint record whose hash matches its content");
            }
            SignedNote note;
            try {
                note = SignedNote.parse(cp.note().get());
            } catch (TlogFormatException e) {
                return BundleVerdict.refused(Reason.BAD_CHECKPOINT_RECORD, "the checkpoint note is not a signed note: " + e.getMessage());
            }
            Optional<BundleVerdict> signed = signedByCheckpointKey(note.verify(List.of(trust.checkpointKey())), "the checkpoint note");
            if (signed.isPresent()) {
                return signed.get();
            }
            Optional<CheckpointNote.Contents> contents = CheckpointNote.verify(cp.note().get(), trust.checkpointKey());
            if (contents.isEmpty() || contents.get().version() < 2) {
                return BundleVerdict.refused(Reason.BAD_CHECKPOINT_RECORD, "the checkpoint note is not a v2 checkpoint: it commits to no tree");
            }
            if (!contents.get().origin().equals(trust.origin())) {
                return BundleVerdict.refused(Reason.ORIGIN_MISMATCH, "the checkpoint note's origin is " + contents.get().origin() + ", not " + trust.origin());
            }
            if (cp.ts() != contents.get().ts()) {
                // Without a log checkpoint nothing else binds the record to its note: it could be re-sealed with any ts.
                return BundleVerdict.refused(Reason.BAD_CHECKPOINT_RECORD, "the checkpoint record's ts " + cp.ts()
                        + " is not its note's " + contents.get().ts());
            }
            List<String> cosigners = new ArrayList<>();
            Optional<Long> logSize = Optional.empty();
            if (bundle.log().isPresent()) {
                Optional<BundleVerdict> log = log(bundle.log().get(), cp, cosigners);
                if (log.isPresent()) {
                    return log.get();
                }
                logSize = Optional.of(bundle.log().get().inclusion().treeSize());
            } else if (trust.witnessesRequired() > 0) {
                return BundleVerdict.refused(Reason.TOO_FEW_COSIGNATURES, "no log checkpoint in the bundle: 0 of the "
                        + trust.witnessesRequired() + " cosignatures required");
            }
            List<Map<String, Object>> shown = new ArrayList<>();
            for (ProofBundle.ProvenRecord p : bundle.records()) {
                Optional<BundleVerdict> r = record(p, contents.get());
                if (r.isPresent()) {
                    return r.get();
                }
                shown.add(summary(p.record()));
            }
            return BundleVerdict.verified(new BundleVerdict.Proven(bundle.execId(), trust.origin(), cp.seq(), contents.get().ts(),
                    trust.checkpointKey().keyName() + "+" + NoteSignature.hex(trust.checkpointKey().keyId()), logSize, cosigners, shown));
        }

        private Optional<BundleVerdict> structure() {
            if (!bundle.origin().equals(trust.origin())) {
                return Optional.of(BundleVerdict.refused(Reason.ORIGIN_MISMATCH, "the bundle is for " + bundle.origin() + ", the trust file for " + trust.origin()));
            }
            LineageRecord before = null;
            boolean execution = false;
            boolean txnOfExecution = false;
            for (ProofBundle.ProvenRecord p : bundle.records()) {
                LineageRecord r = p.record();
                if (before != null && ORDER.compare(before, r) >= 0) {
                    return Optional.of(BundleVerdict.refused(Reason.REORDERED, r.chain() + " seq " + r.seq() + " comes after "
                            + before.chain() + " seq " + before.seq() + ": records are in strictly ascending (chain, seq) order"));
                }
                before = r;
                boolean ours = r.execId().filter(bundle.execId()::equals).isPresent();
                boolean sameTxn = bundle.txn().isPresent() && r.transaction().equals(bundle.txn());
                if (!ours && !sameTxn) {
                    return Optional.of(BundleVerdict.refused(Reason.NOT_THIS_EXECUTION, r.chain() + " seq " + r.seq()
                            + " is of neither execution " + bundle.execId() + " nor its transaction"));
                }
                if (ours && r.transaction().isPresent() && !sameTxn) {
                    return Optional.of(BundleVerdict.refused(Reason.NOT_THIS_EXECUTION, r.chain() + " seq " + r.seq() + ": execution "
                            + bundle.execId() + " is of transaction " + r.transaction().get() + ", the bundle names "
                            + bundle.txn().orElse("none")));
                }
                execution |= ours;
                txnOfExecution |= ours && sameTxn;
            }
            if (!execution) {
                return Optional.of(BundleVerdict.refused(Reason.NOT_THIS_EXECUTION, "no record of execution " + bundle.execId()));
            }
            // Else a bundle could present another transaction's records as this execution's.
            return bundle.txn().isEmpty() || txnOfExecution ? Optional.empty()
                    : Optional.of(BundleVerdict.refused(Reason.NOT_THIS_EXECUTION, "no record of execution " + bundle.execId()
                            + " is of transaction " + bundle.txn().get()));
        }

        private Optional<BundleVerdict> signedByCheckpointKey(NoteVerdict v, String what) {
            if (v.failure().filter(NoteVerdict.Reason.BAD_SIGNATURE::equals).isPresent()) {
                return Optional.of(BundleVerdict.refused(Reason.BAD_SIGNATURE, what + ": " + v.detail()));
            }
            if (!v.verifiedBy().contains(trust.checkpointKey())) {
                return Optional.of(BundleVerdict.refused(Reason.UNTRUSTED_KEY, what + " carries no signature by the trusted checkpoint key "
                        + trust.checkpointKey().keyName() + "+" + NoteSignature.hex(trust.checkpointKey().keyId())));
            }
            return Optional.empty();
        }

        private Optional<BundleVerdict> log(ProofBundle.LogProof log, LineageRecord cp, List<String> cosigners) {
            SignedNote note;
            TlogCheckpoint checkpoint;
            try {
                note = SignedNote.parse(log.note());
                checkpoint = TlogCheckpoint.parse(note.text());
            } catch (TlogFormatException e) {
                return Optional.of(BundleVerdict.refused(Reason.MALFORMED_BUNDLE, "the log checkpoint: " + e.getMessage()));
            }
            List<NoteVerifier> known = trust.logVerifiers();
            NoteVerdict v = note.verify(known);
            Optional<BundleVerdict> signed = signedByCheckpointKey(v, "the log checkpoint");
            if (signed.isPresent()) {
                return signed;
            }
            if (!checkpoint.origin().equals(trust.origin())) {
                return Optional.of(BundleVerdict.refused(Reason.ORIGIN_MISMATCH, "the log checkpoint's origin is " + checkpoint.origin()));
            }
            Optional<BundleVerdict> included = included(log.inclusion(), cp.seq(), checkpoint.treeSize(), Leaves.of(cp), checkpoint.rootHash(),
                    "the checkpoint record in the log");
            if (included.isPresent()) {
                return included;
            }
            TrustPolicy.Cosigners found = trust.cosigners(note, v, clock.instant());
            cosigners.addAll(found.counted());
            if (cosigners.size() < trust.witnessesRequired()) {
                List<String> unknown = note.signatures().stream().filter(s -> known.stream()
                        .noneMatch(k -> k.keyName().equals(s.keyName()) && k.keyId() == s.keyId()))
                        .map(s -> s.keyName() + "+" + NoteSignature.hex(s.keyId())).toList();
                String counted = cosigners.size() + " cosignature(s) by trusted witnesses " + cosigners + ", " + trust.witnessesRequired() + " required";
                if (!found.ahead().isEmpty()) {
                    return Optional.of(BundleVerdict.refused(Reason.FUTURE_COSIGNATURE, counted + found.aheadDetail()));
                }
                return Optional.of(unknown.isEmpty() ? BundleVerdict.refused(Reason.TOO_FEW_COSIGNATURES, counted)
                        : BundleVerdict.refused(Reason.UNKNOWN_WITNESS, counted + "; signatures by keys the trust file does not name: " + unknown));
            }
            return Optional.empty();
        }

        private Optional<BundleVerdict> record(ProofBundle.ProvenRecord p, CheckpointNote.Contents contents) {
            LineageRecord r = p.record();
            String where = r.chain() + " seq " + r.seq();
            if (!r.hashIsValid()) {
                return Optional.of(BundleVerdict.refused(Reason.RECORD_HASH_MISMATCH, where + ": its hash does not match its content"));
            }
            Optional<ChainHead> pinned = contents.head(r.chain());
            Optional<MerkleHash> root = contents.root(r.chain());
            if (pinned.isEmpty() || root.isEmpty() || r.seq() > pinned.get().seq()) {
                return Optional.of(BundleVerdict.refused(Reason.NOT_IN_CHECKPOINT, where + ": the checkpoint "
                        + (pinned.isEmpty() ? "does not pin the chain" : root.isEmpty() ? "commits to no tree for the chain"
                        : "pins the chain at seq " + pinned.get().seq())));
            }
            return included(p.inclusion(), r.seq(), pinned.get().seq() + 1, Leaves.of(r), root.get(), where);
        }

        private static Optional<BundleVerdict> included(InclusionProof proof, long index, long size, MerkleHash leaf, MerkleHash root, String where) {
            if (proof.treeSize() != size) {
                return Optional.of(BundleVerdict.refused(Reason.TREE_SIZE_MISMATCH, where + ": the proof is for a tree of " + proof.treeSize()
                        + " leaves, the signed tree has " + size));
            }
            if (proof.leafIndex() != index) {
                return Optional.of(BundleVerdict.refused(Reason.WRONG_LEAF_INDEX, where + ": the proof is for leaf " + proof.leafIndex() + ", not " + index));
            }
            ProofVerdict v = proof.verify(leaf, root);
            return v.isVerified() ? Optional.empty() : Optional.of(BundleVerdict.refused(Reason.INCLUSION_FAILED, where + ": " + v));
        }

        private static Map<String, Object> summary(LineageRecord r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chain", r.chain());
            m.put("seq", r.seq());
            m.put("type", r.type().wire());
            m.put("ts", r.ts());
            r.execId().ifPresent(v -> m.put("execId", v));
            r.transaction().ifPresent(v -> m.put("txn", v));
            r.parent().ifPresent(v -> m.put("par", v));
            r.function().ifPresent(v -> m.put("function", v));
            r.principal().ifPresent(v -> m.put("principal", v));
            r.decision().ifPresent(v -> m.put("decision", v));
            r.reason().ifPresent(v -> m.put("reason", v));
            return m;
        }
    }
}
