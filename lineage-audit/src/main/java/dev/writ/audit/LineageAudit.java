package dev.writ.audit;

import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.internal.ChainStore;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.internal.ChainAppender;
import dev.writ.guard.lineage.internal.StoreCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What auditors do with a lineage table or an export of it: verify every chain (checkpoint chain
 * first, its signed heads then pin the other chains), verify one chain, and export all chains as
 * JSON Lines. Findings are {@link ChainVerdict} values; a table that cannot be read is a
 * {@link LineageUnavailableException}, never a verdict.
 *
 * <p>Without a {@link CheckpointKey}, checkpoint records are verified as chain links only and pin
 * nothing, so tail truncation cannot be detected. With one, the latest checkpoint that verifies is
 * every chain's {@link Anchor}; when none verifies, no chain holding records is intact
 * ({@code NO_CHECKPOINT}).
 */
public final class LineageAudit {
    private final LineageConfig config;
    private final DynamoDbChainStore store;
    private final TableReads reads;
    private final Optional<CheckpointKey> key;
    private final ChainAppender appender;
    private final CheckpointState state;
    private final ChainTrees trees;
    private final Supplier<DynamoDbClient> client;
    private final Optional<CheckpointCopy> copy;

    private LineageAudit(LineageConfig config, Supplier<DynamoDbClient> client, Optional<CheckpointKey> key, Optional<CheckpointCopy> copy) {
        this.config = config;
        this.client = client;
        this.copy = copy;
        this.store = new DynamoDbChainStore(config.table(), client);
        this.reads = new TableReads(config.table(), client);
        this.key = key;
        this.appender = new ChainAppender(config, store, ChainAppender::sleep);
        this.state = new CheckpointState(config.table(), client);
        this.trees = new ChainTrees(reads);
    }

    /** An audit of the table named in {@code config}; {@code client} is called on first use. */
    public static LineageAudit create(LineageConfig config, Supplier<DynamoDbClient> client, Optional<CheckpointKey> key) {
        return new LineageAudit(config, client, key, Optional.empty());
    }

    /**
     * This audit holding the table against a write-once {@link CheckpointCopy} (docs/lineage.md,
     * Write-once copies): the checkpoint chain must still hold the copied record, unchanged, and
     * the copy's note anchors the other chains when it is newer than every note in the table.
     *
     * @throws IllegalStateException without a checkpoint key: a copy is trusted only once its note verifies
     */
    public LineageAudit trusting(CheckpointCopy copy) {
        if (key.isEmpty()) {
            throw new IllegalStateException("a checkpoint copy is only trusted with the checkpoint key");
        }
        return new LineageAudit(config, client, key, Optional.of(copy));
    }

    /** The write-once copy this audit trusts, if any. */
    Optional<CheckpointCopy> copy() {
        return copy;
    }

    /** An audit configured from {@code WRIT_LINEAGE_*}, with a client that uses the SDK's standard retries. */
    public static LineageAudit fromEnvironment(Optional<CheckpointKey> key) {
        return create(LineageConfig.fromEnvironment(), TableReads::auditClient, key);
    }

    public LineageConfig config() {
        return config;
    }

    ChainAppender appender() {
        return appender;
    }

    DynamoDbChainStore store() {
        return store;
    }

    CheckpointState state() {
        return state;
    }

    ChainTrees trees() {
        return trees;
    }

    TableReads reads() {
        return reads;
    }

    Optional<CheckpointKey> key() {
        return key;
    }

    /**
     * True for a partition key of the checkpoint signer's own items (tree frontiers, log
     * checkpoints: docs/lineage.md), which are not lineage records.
     */
    public static boolean isCheckpointState(String partition) {
        return CheckpointState.isState(partition);
    }

    /** Every chain in the table except the checkpoint chain, sorted. */
    public Set<String> chains() {
        return read("*", () -> {
            Set<String> chains = new TreeSet<>(reads.chains());
            chains.remove(LineageRecord.CHECKPOINT_CHAIN);
            return chains;
        });
    }

    /** Verifies the checkpoint chain, then every other chain (those in the table and those its latest checkpoint names). */
    public List<ChainVerdict> verifyAll(VerifyProgress progress) {
        return verifyAll(progress, r -> { });
    }

    /**
     * As {@link #verifyAll(VerifyProgress)}, handing each record of a chain other than the
     * checkpoint chain that verified to {@code verified} (a {@link Completeness}, for one).
     */
    public List<ChainVerdict> verifyAll(VerifyProgress progress, Consumer<LineageRecord> verified) {
        Checkpoints cp = verifyCheckpoints(progress);
        Set<String> chains = new TreeSet<>(chains());
        cp.latest().ifPresent(c -> c.heads().forEach(h -> chains.add(h.chain())));
        List<ChainVerdict> verdicts = new ArrayList<>();
        verdicts.add(cp.verdict());
        for (String chain : chains) {
            verdicts.add(read(chain, () -> ChainVerifier.verify(chain, store.records(chain), cp.anchor(), progress, verified)));
        }
        return verdicts;
    }

    /**
     * The witness requirement of {@code trust}: the newest checkpoint is the last leaf of a stored
     * log checkpoint signed by the trust's checkpoint key for its origin, cosigned by at least
     * {@code witnessesRequired} of its witnesses, and that log's root is the tree over the stored
     * checkpoint records. A verdict for chain {@code checkpoint}: {@code NOT_COSIGNED} or
     * {@code LOG_MISMATCH} at the newest checkpoint's seq when not.
     */
    public ChainVerdict verifyCosigned(TrustPolicy trust) {
        return verifyCosigned(trust, Clock.systemUTC());
    }

    /** As {@link #verifyCosigned(TrustPolicy)}, a cosignature dated too far ahead of {@code clock} not counting. */
    ChainVerdict verifyCosigned(TrustPolicy trust, Clock clock) {
        return read(LineageRecord.CHECKPOINT_CHAIN, () -> CosignedLog.verify(this, trust, clock));
    }

    /** Verifies one chain against the latest verified checkpoint. */
    public ChainVerdict verifyChain(String chain, VerifyProgress progress) {
        Checkpoints cp = verifyCheckpoints(progress);
        return chain.equals(LineageRecord.CHECKPOINT_CHAIN) ? cp.verdict() : verifyOne(chain, cp, progress);
    }

    /**
     * As {@link #verifyChain(String, VerifyProgress)}, reporting to {@code completeness} what this
     * chain's verified records expect and never got: the answers are looked up on every chain
     * through the {@code byExecId} index (one query per record not answered on its own chain), so
     * the findings of all chains together are those of {@code verifyAll}.
     */
    public ChainVerdict verifyChain(String chain, VerifyProgress progress, Completeness completeness) {
        Checkpoints cp = verifyCheckpoints(progress);
        if (chain.equals(LineageRecord.CHECKPOINT_CHAIN)) {
            return cp.verdict();
        }
        ChainVerdict v = read(chain, () -> ChainVerifier.verify(chain, store.records(chain), cp.anchor(), progress, completeness));
        for (Completeness.Finding f : completeness.findings()) {
            read("index " + LineageTable.BY_EXEC_ID, () -> reads.byExecId(f.execId())).forEach(completeness::acceptAnswer);
        }
        return v;
    }

    /**
     * A record found through an index, and whether it is proven: its chain verifies and the chain
     * holds this very record at its seq. Index reads are never shown as verified on their own.
     */
    public record IndexedRecord(LineageRecord record, boolean verified, Optional<ChainVerdict.Fault> chainFault) {
    }

    /** Every record of one execution (writ {@code jti}), across chains, each re-verified against its chain. */
    public List<IndexedRecord> execution(String execId, VerifyProgress progress) {
        return reverified(read("index " + LineageTable.BY_EXEC_ID, () -> reads.byExecId(execId)), progress);
    }

    /**
     * Every record of one transaction ({@code txn}: the authorizer's decision and each execution of a
     * hop, linked by {@code par}), across chains, each re-verified against its chain.
     */
    public List<IndexedRecord> transaction(String txn, VerifyProgress progress) {
        return reverified(read("index " + LineageTable.BY_TXN, () -> reads.byTxn(txn)), progress);
    }

    /**
     * As {@link #execution}, with reads that do not grow with history when the chains are sound:
     * each record is proven against the latest verified checkpoint (an inclusion proof, or its
     * links to the pinned head for records since). A chain that cannot be proven so (tampering, no
     * checkpoint, no key) is verified from seq 0 as {@link #execution} does, naming the fault.
     */
    public List<IndexedRecord> provenExecution(String execId) {
        return proven(read("index " + LineageTable.BY_EXEC_ID, () -> reads.byExecId(execId)));
    }

    /** As {@link #transaction}, proven as {@link #provenExecution} proves. */
    public List<IndexedRecord> provenTransaction(String txn) {
        return proven(read("index " + LineageTable.BY_TXN, () -> reads.byTxn(txn)));
    }

    private List<IndexedRecord> proven(List<LineageRecord> found) {
        Optional<BoundedProof> bounded = key.isEmpty() || found.isEmpty() ? Optional.empty()
                : read(LineageRecord.CHECKPOINT_CHAIN, () -> BoundedProof.of(this, key.get()));
        if (bounded.isEmpty()) {
            return reverified(found, VerifyProgress.none());
        }
        Map<String, List<LineageRecord>> byChain = new java.util.TreeMap<>();
        found.forEach(r -> byChain.computeIfAbsent(r.chain(), c -> new ArrayList<>()).add(r));
        List<IndexedRecord> out = new ArrayList<>();
        List<LineageRecord> unproven = new ArrayList<>();
        byChain.forEach((chain, records) -> {
            records.sort(java.util.Comparator.comparingLong(LineageRecord::seq));
            if (read(chain, () -> bounded.get().proves(chain, records))) {
                records.forEach(r -> out.add(new IndexedRecord(r, true, Optional.empty())));
            } else {
                unproven.addAll(records);
            }
        });
        out.addAll(reverified(unproven, VerifyProgress.none()));
        return byTime(out);
    }

    private static List<IndexedRecord> byTime(List<IndexedRecord> records) {
        records.sort(java.util.Comparator.comparingLong((IndexedRecord i) -> i.record().ts())
                .thenComparing(i -> i.record().chain()).thenComparingLong(i -> i.record().seq()));
        return records;
    }

    private List<IndexedRecord> reverified(List<LineageRecord> found, VerifyProgress progress) {
        Map<String, ChainVerdict> verdicts = new java.util.HashMap<>();
        Checkpoints cp = found.isEmpty() ? null : verifyCheckpoints(progress);
        List<IndexedRecord> out = new ArrayList<>();
        for (LineageRecord r : found) {
            ChainVerdict v = verdicts.computeIfAbsent(r.chain(), c -> verifyOne(c, cp, progress));
            boolean stored = read(r.chain(), () -> store.get(r.chain(), r.seq()))
                    .map(s -> LineageHash.equalHex(s.hash(), r.hash()) && s.equals(r)).orElse(false);
            boolean verified = stored && (v.intact() || v.fault().get().seq() > r.seq());
            out.add(new IndexedRecord(r, verified, v.fault()));
        }
        return byTime(out);
    }

    /** The checkpoint chain's verdict and the anchor it gives the other chains (the latest checkpoint that verified before any fault). */
    public record Checkpoints(ChainVerdict verdict, Anchor anchor) {
        public Checkpoints {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(anchor, "anchor");
        }

        public Optional<CheckpointNote.Contents> latest() {
            return anchor.checkpoint();
        }
    }

    /** Verifies the checkpoint chain: links, hashes and every note's signature. */
    public Checkpoints verifyCheckpoints(VerifyProgress progress) {
        CheckpointChain cp = new CheckpointChain(key, progress);
        return read(LineageRecord.CHECKPOINT_CHAIN, () -> {
            ChainVerifier.drain(cp.walk(), store.records(LineageRecord.CHECKPOINT_CHAIN));
            LineageAudit.Checkpoints verified = cp.finish();
            return copy.isEmpty() ? verified : TrustedCopy.apply(verified, copy.get(), key.orElseThrow(), store);
        });
    }

    private ChainVerdict verifyOne(String chain, Checkpoints cp, VerifyProgress progress) {
        return read(chain, () -> ChainVerifier.verify(chain, store.records(chain), cp.anchor(), progress));
    }

    /** Writes every chain as JSON Lines, checkpoint chain first, each chain in seq order. Returns the record count. */
    public long export(Writer out) {
        List<String> chains = new ArrayList<>();
        chains.add(LineageRecord.CHECKPOINT_CHAIN);
        chains.addAll(chains());
        long n = 0;
        for (String chain : chains) {
            Iterator<LineageRecord> it = read(chain, () -> store.records(chain));
            while (read(chain, it::hasNext)) {
                // An item that is not a record cannot be exported faithfully: fail loudly rather than drop it.
                LineageRecord r = read(chain, it::next);
                try {
                    out.write(r.toJson());
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                n++;
            }
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /**
     * Verifies an export file offline (two streaming passes: checkpoints, then every chain in
     * file order). Each chain's records must be contiguous and in seq order; a line that names no
     * chain and seq is reported by its line number.
     */
    public static ExportVerdict verifyExport(Path file, Optional<CheckpointKey> key, VerifyProgress progress) throws IOException {
        return verifyExport(file, key, progress, r -> { });
    }

    /** As {@link #verifyExport(Path, Optional, VerifyProgress)}, handing each record that verified to {@code verified}. */
    public static ExportVerdict verifyExport(Path file, Optional<CheckpointKey> key, VerifyProgress progress,
            Consumer<LineageRecord> verified) throws IOException {
        return new ExportFile(file, key, progress, verified).verify();
    }

    private static <T> T read(String chain, Supplier<T> op) {
        try {
            return op.get();
        } catch (SdkException e) {
            throw StoreCalls.unavailable(chain, e);
        }
    }
}
