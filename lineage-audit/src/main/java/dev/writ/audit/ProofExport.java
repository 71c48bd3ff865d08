package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.TreeGrowth;
import dev.writ.audit.proof.BoundedBundle;
import dev.writ.audit.proof.BundleVerdict;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.ProofVerifier;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.StoreCalls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Builds the {@link ProofBundle} of one execution from the table: its records (and, when it has a
 * {@code txn}, every record of the transaction: all hops), each proven against the first
 * checkpoint that covers all of them, and that checkpoint proven in the log checkpoint stored
 * with it. Reads stay bounded by the records between checkpoints, not by history: the covering
 * checkpoint is found by binary search over the checkpoint chain, and each chain's tree is grown
 * from the frontier stored with the checkpoint before the record's first one.
 */
public final class ProofExport {
    private final LineageAudit audit;
    private final CheckpointKey key;
    private final CheckpointSearch search;

    private ProofExport(LineageAudit audit, CheckpointKey key) {
        this.audit = audit;
        this.key = key;
        this.search = new CheckpointSearch(audit, key);
    }

    /** Why no bundle could be made. */
    public enum Failure {
        /** No record has this execId. */
        UNKNOWN_EXECUTION,
        /** The audit has no checkpoint key: nothing can be proven. */
        NO_CHECKPOINT_KEY,
        /** The latest checkpoint's note does not verify with the given checkpoint key (another key, or a forged note). */
        CHECKPOINT_NOT_VERIFIED,
        /** A record is newer than the latest checkpoint (or no v2 checkpoint covers it yet): wait for the next one. */
        NOT_YET_CHECKPOINTED,
        /** The stored records do not lead to the root a checkpoint signed (the lineage was altered): run a verification. */
        PROOF_UNAVAILABLE,
        /** The bundle would be larger than a verifier reads ({@link ProofBundle#MAX_BYTES}): a transaction of very many records. */
        TOO_LARGE
    }

    /** A bundle that could not be made, with the reason. */
    public static final class ExportException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Failure failure;

        ExportException(Failure failure, String message) {
            super(message);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /**
     * The bundle of {@code execId}, for the origin its checkpoint note names, verified against the
     * audit's own checkpoint key before it is returned (a bundle that would not verify is never
     * handed out), with the canonical JSON whose size was checked: write or serve that.
     *
     * @throws ExportException when none can be made
     * @throws dev.writ.guard.lineage.LineageUnavailableException when the table cannot be read
     */
    public static BoundedBundle of(LineageAudit audit, String execId) {
        CheckpointKey key = audit.key().orElseThrow(() -> new ExportException(Failure.NO_CHECKPOINT_KEY,
                "no checkpoint key: a proof rests on a signed checkpoint"));
        return read("*", () -> new ProofExport(audit, key).export(execId));
    }

    private BoundedBundle export(String execId) {
        List<LineageRecord> found = audit.reads().byExecId(execId);
        if (found.isEmpty()) {
            throw new ExportException(Failure.UNKNOWN_EXECUTION, "no lineage record has execId " + execId);
        }
        Optional<String> txn = found.stream().map(LineageRecord::transaction).flatMap(Optional::stream).findFirst();
        Map<String, LineageRecord> records = new TreeMap<>();
        found.forEach(r -> records.put(r.chain() + "\n" + r.seq(), r));
        txn.ifPresent(t -> audit.reads().byTxn(t).forEach(r -> records.put(r.chain() + "\n" + r.seq(), r)));

        long latest = audit.store().head(LineageRecord.CHECKPOINT_CHAIN).map(LineageRecord::seq)
                .orElseThrow(() -> new ExportException(Failure.NOT_YET_CHECKPOINTED, "no checkpoint has been written"));
        if (note(latest).isEmpty()) {
            throw new ExportException(Failure.CHECKPOINT_NOT_VERIFIED, "checkpoint " + latest + " does not verify with "
                    + key.keyName() + "+" + NoteSignature.hex(key.keyId()) + ": another key, or not a checkpoint note");
        }
        Map<String, List<LineageRecord>> byChain = new TreeMap<>();
        Map<String, Long> firstCovering = new HashMap<>();
        long k = 0;
        for (LineageRecord indexed : records.values()) {
            // Index copies are eventually consistent: prove the stored record.
            LineageRecord r = audit.store().get(indexed.chain(), indexed.seq())
                    .orElseThrow(() -> new ExportException(Failure.PROOF_UNAVAILABLE, indexed.chain() + " seq " + indexed.seq() + " is in the index but not in the table"));
            long covering = covering(r, latest);
            k = Math.max(k, covering);
            byChain.computeIfAbsent(r.chain(), c -> new ArrayList<>()).add(r);
            firstCovering.merge(r.chain(), covering, Math::min);
        }
        LineageRecord checkpoint = audit.store().get(LineageRecord.CHECKPOINT_CHAIN, k).orElseThrow();
        CheckpointNote.Contents contents = note(k).orElseThrow();
        String origin = contents.origin();
        List<ProofBundle.ProvenRecord> proven = new ArrayList<>();
        for (Map.Entry<String, List<LineageRecord>> e : byChain.entrySet()) {
            proven.addAll(prove(e.getKey(), e.getValue(), firstCovering.get(e.getKey()), contents));
        }
        proven.sort(Comparator.comparing((ProofBundle.ProvenRecord p) -> p.record().chain()).thenComparingLong(p -> p.record().seq()));
        ProofBundle bundle = new ProofBundle(execId, txn, origin, checkpoint, logProof(checkpoint, origin), proven);
        BundleVerdict self = ProofVerifier.verify(bundle, new TrustPolicy(origin, key, List.of(), 0));
        if (!self.isVerified()) {
            throw new ExportException(Failure.PROOF_UNAVAILABLE, "the bundle does not verify with this lineage's own key: " + self.failure().get() + ": " + self.detail());
        }
        try {
            return bundle.bounded();
        } catch (ProofBundle.TooLargeException e) {
            throw new ExportException(Failure.TOO_LARGE, e.getMessage());
        }
    }

    /** The first checkpoint whose v2 note commits to a tree of {@code r}'s chain that holds {@code r}. */
    private long covering(LineageRecord r, long latest) {
        return search.covering(r.chain(), r.seq(), latest).orElseThrow(() -> new ExportException(Failure.NOT_YET_CHECKPOINTED,
                r.chain() + " seq " + r.seq() + " is not yet covered by a checkpoint with a tree (latest: " + latest
                        + "); the next checkpoint will cover it"));
    }

    private Optional<CheckpointNote.Contents> note(long checkpointSeq) {
        return search.note(checkpointSeq);
    }

    private List<ProofBundle.ProvenRecord> prove(String chain, List<LineageRecord> records, long firstCovering, CheckpointNote.Contents at) {
        long first = records.stream().mapToLong(LineageRecord::seq).min().orElseThrow();
        TreeGrowth growth = search.growth(chain, first, firstCovering, at).orElseThrow(() -> new ExportException(Failure.PROOF_UNAVAILABLE,
                "the records of " + chain + " do not lead to the tree root the checkpoint signed: verify the chain"));
        List<ProofBundle.ProvenRecord> out = new ArrayList<>();
        for (LineageRecord r : records) {
            out.add(new ProofBundle.ProvenRecord(r, growth.inclusionProof(r.seq())));
        }
        return out;
    }

    /** The log checkpoint stored with checkpoint {@code k} and the inclusion of that record in it; empty when none was stored. */
    private Optional<ProofBundle.LogProof> logProof(LineageRecord checkpoint, String origin) {
        long k = checkpoint.seq();
        Optional<CheckpointState.LogEntry> entry = audit.state().logAt(k);
        Optional<TlogCheckpoint> log = entry.flatMap(e -> LogCheckpoints.verify(e.note(), key, origin));
        if (log.isEmpty()) {
            return Optional.empty();
        }
        Optional<MerkleFrontier> before = audit.state().log(k - 1).map(CheckpointState.LogEntry::frontier);
        Optional<TreeGrowth> growth = audit.trees().growth(LineageRecord.CHECKPOINT_CHAIN, before, k,
                new ChainTrees.SignedRoot(log.get().treeSize(), log.get().rootHash()));
        return growth.map(g -> new ProofBundle.LogProof(entry.get().note(), g.inclusionProof(k)));
    }

    private static <T> T read(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (SdkException e) {
            throw StoreCalls.unavailable(what, e);
        }
    }
}
