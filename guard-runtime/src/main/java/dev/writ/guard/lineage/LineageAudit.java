package dev.writ.guard.lineage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
 * nothing, so tail truncation cannot be detected.
 */
public final class LineageAudit {
    private final LineageConfig config;
    private final DynamoDbChainStore store;
    private final Optional<CheckpointKey> key;
    private final LineageWriter writer;

    private LineageAudit(LineageConfig config, DynamoDbChainStore store, Optional<CheckpointKey> key) {
        this.config = config;
        this.store = store;
        this.key = key;
        this.writer = new LineageWriter(config, store, d -> Thread.sleep(d.toMillis()));
    }

    /** An audit of the table named in {@code config}; {@code client} is called on first use. */
    public static LineageAudit create(LineageConfig config, Supplier<DynamoDbClient> client, Optional<CheckpointKey> key) {
        return new LineageAudit(config, new DynamoDbChainStore(config.table(), client), key);
    }

    /** An audit configured from {@code WRIT_LINEAGE_*}, with a client that uses the SDK's standard retries. */
    public static LineageAudit fromEnvironment(Optional<CheckpointKey> key) {
        return create(LineageConfig.fromEnvironment(), DynamoDbChainStore::auditClient, key);
    }

    public LineageConfig config() {
        return config;
    }

    LineageWriter writer() {
        return writer;
    }

    ChainStore store() {
        return store;
    }

    /** Every chain in the table except the checkpoint chain, sorted. */
    public Set<String> chains() {
        return read("*", () -> {
            Set<String> chains = new TreeSet<>(store.chains());
            chains.remove(LineageRecord.CHECKPOINT_CHAIN);
            return chains;
        });
    }

    /** Verifies the checkpoint chain, then every other chain (those in the table and those its latest checkpoint names). */
    public List<ChainVerdict> verifyAll(VerifyProgress progress) {
        Checkpoints cp = verifyCheckpoints(progress);
        Set<String> chains = new TreeSet<>(chains());
        cp.latest().ifPresent(c -> c.heads().forEach(h -> chains.add(h.chain())));
        List<ChainVerdict> verdicts = new ArrayList<>();
        verdicts.add(cp.verdict());
        for (String chain : chains) {
            verdicts.add(verifyOne(chain, cp, progress));
        }
        return verdicts;
    }

    /** Verifies one chain against the latest verified checkpoint. */
    public ChainVerdict verifyChain(String chain, VerifyProgress progress) {
        Checkpoints cp = verifyCheckpoints(progress);
        return chain.equals(LineageRecord.CHECKPOINT_CHAIN) ? cp.verdict() : verifyOne(chain, cp, progress);
    }

    /**
     * A record found through an index, and whether it is proven: its chain verifies and the chain
     * holds this very record at its seq. Index reads are never shown as verified on their own.
     */
    public record IndexedRecord(LineageRecord record, boolean verified, Optional<ChainVerdict.Fault> chainFault) {
    }

    /** Every record of one execution (writ {@code jti}), across chains, each re-verified against its chain. */
    public List<IndexedRecord> execution(String execId, VerifyProgress progress) {
        return reverified(read("index " + LineageTable.BY_EXEC_ID, () -> store.byExecId(execId)), progress);
    }

    /**
     * Every record of one transaction ({@code txn}: the authorizer's decision and each execution of a
     * chained call, linked by {@code par}), across chains, each re-verified against its chain.
     */
    public List<IndexedRecord> transaction(String txn, VerifyProgress progress) {
        return reverified(read("index " + LineageTable.BY_TXN, () -> store.byTxn(txn)), progress);
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
        out.sort(java.util.Comparator.comparingLong((IndexedRecord i) -> i.record().ts())
                .thenComparing(i -> i.record().chain()).thenComparingLong(i -> i.record().seq()));
        return out;
    }

    /** The checkpoint chain's verdict and the latest checkpoint that verified before any fault. */
    public record Checkpoints(ChainVerdict verdict, Optional<CheckpointNote.Contents> latest) {
        Optional<ChainHead> head(String chain) {
            return latest.flatMap(c -> c.head(chain));
        }
    }

    /** Verifies the checkpoint chain: links, hashes and every note's signature. */
    public Checkpoints verifyCheckpoints(VerifyProgress progress) {
        CheckpointCheck check = new CheckpointCheck(key);
        ChainWalk walk = new ChainWalk(LineageRecord.CHECKPOINT_CHAIN, Optional.empty(), check, progress);
        return read(LineageRecord.CHECKPOINT_CHAIN, () -> {
            ChainVerifier.drain(walk, store.records(LineageRecord.CHECKPOINT_CHAIN));
            return new Checkpoints(walk.finish(), check.latest);
        });
    }

    private ChainVerdict verifyOne(String chain, Checkpoints cp, VerifyProgress progress) {
        return read(chain, () -> ChainVerifier.verify(chain, store.records(chain), cp.head(chain), progress));
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
     * file order). Each chain's records must be contiguous and in seq order.
     */
    public static List<ChainVerdict> verifyExport(Path file, Optional<CheckpointKey> key, VerifyProgress progress) throws IOException {
        CheckpointCheck check = new CheckpointCheck(key);
        ChainWalk cpWalk = new ChainWalk(LineageRecord.CHECKPOINT_CHAIN, Optional.empty(), check, progress);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && !cpWalk.failed()) {
                Optional<LineageRecord> r = parseQuietly(line);
                if (r.isPresent() && r.get().chain().equals(LineageRecord.CHECKPOINT_CHAIN)) {
                    cpWalk.accept(r.get());
                }
            }
        }
        Checkpoints cp = new Checkpoints(cpWalk.finish(), check.latest);

        Map<String, ChainVerdict> verdicts = new LinkedHashMap<>();
        verdicts.put(LineageRecord.CHECKPOINT_CHAIN, cp.verdict());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String current = null;
            ChainWalk walk = null;
            boolean skipping = false;
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                LineageRecord r;
                try {
                    r = LineageRecord.fromJson(line);
                } catch (MalformedRecordException e) {
                    if (walk != null) {
                        walk.malformed("line " + lineNo + ": " + e.getMessage());
                    } else if (!skipping) {
                        verdicts.put("line " + lineNo, malformedVerdict("line " + lineNo, e));
                    }
                    continue;
                }
                if (r.chain().equals(LineageRecord.CHECKPOINT_CHAIN)) {
                    continue;
                }
                if (!r.chain().equals(current)) {
                    if (walk != null) {
                        verdicts.put(current, walk.finish());
                    }
                    current = r.chain();
                    walk = null;
                    skipping = verdicts.containsKey(current);
                    if (skipping) {
                        // The chain's records are split in two blocks: the first block already ended it.
                        verdicts.put(current, new ChainVerdict(current, 0, Optional.empty(), Optional.of(new ChainVerdict.Fault(
                                r.seq(), ChainVerdict.Reason.REORDERED, "records of the chain are not contiguous (line " + lineNo + ")"))));
                    } else {
                        walk = new ChainWalk(current, cp.head(current), x -> Optional.empty(), progress);
                    }
                }
                if (walk != null) {
                    walk.accept(r);
                }
            }
            if (walk != null) {
                verdicts.put(current, walk.finish());
            }
        }
        cp.latest().ifPresent(c -> c.heads().forEach(h -> verdicts.computeIfAbsent(h.chain(),
                chain -> new ChainWalk(chain, Optional.of(h), x -> Optional.empty(), progress).finish())));
        return List.copyOf(verdicts.values());
    }

    private static ChainVerdict malformedVerdict(String where, MalformedRecordException e) {
        return new ChainVerdict(where, 0, Optional.empty(),
                Optional.of(new ChainVerdict.Fault(0, ChainVerdict.Reason.MALFORMED_RECORD, e.getMessage())));
    }

    private static Optional<LineageRecord> parseQuietly(String line) {
        try {
            return Optional.of(LineageRecord.fromJson(line));
        } catch (MalformedRecordException e) {
            return Optional.empty();
        }
    }

    private static <T> T read(String chain, Supplier<T> op) {
        try {
            return op.get();
        } catch (SdkException e) {
            throw StoreCalls.unavailable(chain, e);
        }
    }

    /** Checks each checkpoint record's note and remembers the latest that verified. */
    private static final class CheckpointCheck implements Function<LineageRecord, Optional<ChainVerdict.Fault>> {
        private final Optional<CheckpointKey> key;
        Optional<CheckpointNote.Contents> latest = Optional.empty();

        CheckpointCheck(Optional<CheckpointKey> key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        @Override
        public Optional<ChainVerdict.Fault> apply(LineageRecord r) {
            if (r.type() != LineageRecord.Type.CHECKPOINT || r.note().isEmpty()) {
                return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.Reason.BAD_CHECKPOINT_SIGNATURE,
                        "checkpoint chain record carries no signed note"));
            }
            if (key.isEmpty()) {
                return Optional.empty();
            }
            Optional<CheckpointNote.Contents> contents = CheckpointNote.verify(r.note().get(), key.get());
            if (contents.isEmpty()) {
                return Optional.of(new ChainVerdict.Fault(r.seq(), ChainVerdict.Reason.BAD_CHECKPOINT_SIGNATURE,
                        "note does not verify with key " + key.get().name()));
            }
            latest = contents;
            return Optional.empty();
        }
    }
}
