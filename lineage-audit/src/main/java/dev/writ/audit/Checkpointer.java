package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.audit.witness.WitnessClient;
import dev.writ.core.jose.Signer;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.ChainAppender;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.ChainStore;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.StoreCalls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes checkpoints: reads every chain head (strongly consistent), extends each chain's RFC 9162
 * tree from the frontier stored with the previous checkpoint by the records appended since,
 * signs heads and tree roots as a C2SP note, and appends the note as a {@code checkpoint} record.
 * Then it signs the checkpoint log (the checkpoint chain's records as the leaves of one more
 * tree) as a C2SP tlog-checkpoint and stores it with the frontiers ({@link CheckpointState}).
 * lineage-fn runs this on a schedule with the KMS signer.
 */
public final class Checkpointer {
    private final ChainAppender appender;
    private final ChainStore store;
    private final StoreCalls calls;
    private final CheckpointState state;
    private final ChainTrees trees;
    private final Signer signer;
    private final CheckpointKey key;
    private final String origin;
    private final LogWitnessing witnessing;
    private final Clock clock;

    private Checkpointer(LineageAudit audit, Signer signer, CheckpointKey key, String origin, List<WitnessClient> witnesses, Clock clock) {
        this.appender = audit.appender();
        this.store = audit.store();
        this.calls = new StoreCalls(appender.config(), d -> Thread.sleep(d.toMillis()));
        this.state = audit.state();
        this.trees = audit.trees();
        this.signer = Objects.requireNonNull(signer, "signer");
        this.key = Objects.requireNonNull(key, "key");
        this.origin = LogCheckpoints.requireOrigin(origin);
        this.witnessing = new LogWitnessing(witnesses, state, trees, calls);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A checkpointer over the audit's table whose notes name the table as their origin. */
    public static Checkpointer create(LineageAudit audit, Signer signer, CheckpointKey key) {
        return create(audit, signer, key, audit.config().table());
    }

    /**
     * A checkpointer over the audit's table, signing with {@code signer} whose public key is
     * {@code key}; {@code origin} names this lineage in every note and log checkpoint (unique per
     * deployment: a witness tells logs apart by it).
     */
    public static Checkpointer create(LineageAudit audit, Signer signer, CheckpointKey key, String origin) {
        return create(audit, signer, key, origin, List.of());
    }

    /**
     * As {@link #create(LineageAudit, Signer, CheckpointKey, String)}, submitting each log
     * checkpoint to {@code witnesses} (c2sp.org/tlog-witness) and storing it with their
     * cosignatures.
     */
    public static Checkpointer create(LineageAudit audit, Signer signer, CheckpointKey key, String origin, List<WitnessClient> witnesses) {
        return create(audit, signer, key, origin, witnesses, Clock.systemUTC());
    }

    /** As {@link #create(LineageAudit, Signer, CheckpointKey, String, List)}, each checkpoint dated by {@code clock}. */
    static Checkpointer create(LineageAudit audit, Signer signer, CheckpointKey key, String origin, List<WitnessClient> witnesses, Clock clock) {
        return new Checkpointer(audit, signer, key, origin, witnesses, clock);
    }

    /**
     * What one run wrote: the checkpoint record, the log checkpoint and its stored note with the
     * cosignatures (empty when the checkpoint chain itself has a hole, so no log tree can be
     * committed), the chains pinned without a
     * tree root because a seq is missing or an item is not a record, and the witnesses that did
     * not cosign the log checkpoint (both alarm matters).
     */
    public record Checkpoint(LineageRecord record, Optional<TlogCheckpoint> log, Optional<String> logNote, List<String> chainsWithoutTree,
                             List<WitnessRefusal> witnessRefusals) {
        public Checkpoint {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(logNote, "logNote");
            chainsWithoutTree = List.copyOf(chainsWithoutTree);
            witnessRefusals = List.copyOf(witnessRefusals);
        }
    }

    /**
     * A witness that did not cosign: {@code reason} {@code ROLLBACK} (it cosigned a larger size of
     * this log: checkpoints were removed), {@code STALE} (it holds another size and the retry from
     * it failed), {@code REFUSED} (its 4xx or 5xx status: a fork, an inconsistent proof, a bad
     * signature), {@code UNREACHABLE} (status 0) or {@code NO_PROOF} (no consistency proof from
     * the size it holds could be built).
     */
    public record WitnessRefusal(String witness, int status, String reason, String detail) {
    }

    /**
     * Signs the current heads and tree roots of {@code chains} (chains without records are left
     * out) and appends the checkpoint record, then signs and stores the log checkpoint. The
     * record's {@code ts} is taken before the first head is read, so every record it does not
     * cover was appended after that moment (verification relies on it, within {@link Anchor#MARGIN}).
     *
     * @throws dev.writ.guard.lineage.LineageUnavailableException when the table cannot be read or written within bounds
     */
    public Checkpoint checkpoint(Collection<String> chains) {
        long ts = clock.millis();
        Optional<LineageRecord> previous = calls.call(LineageRecord.CHECKPOINT_CHAIN, () -> store.head(LineageRecord.CHECKPOINT_CHAIN));
        Optional<CheckpointNote.Contents> signed = previous.flatMap(LineageRecord::note).flatMap(n -> CheckpointNote.verify(n, key));
        List<ChainHead> heads = new ArrayList<>();
        Map<String, MerkleHash> roots = new LinkedHashMap<>();
        Map<String, MerkleFrontier> advanced = new LinkedHashMap<>();
        List<String> withoutTree = new ArrayList<>();
        for (String chain : chains) {
            if (chain.equals(LineageRecord.CHECKPOINT_CHAIN) || CheckpointState.isState(chain)) {
                continue;
            }
            Optional<LineageRecord> head = calls.call(chain, () -> store.head(chain));
            if (head.isEmpty()) {
                continue;
            }
            ChainHead h = ChainHead.of(head.get());
            heads.add(h);
            Optional<ChainTrees.SignedRoot> before = signed.flatMap(c -> signedRoot(c, chain));
            if (before.isPresent() && before.get().size() == h.seq() + 1
                    && signed.get().head(chain).map(p -> LineageHash.equalHex(p.hash(), h.hash())).orElse(false)) {
                roots.put(chain, before.get().root()); // unchanged since the last checkpoint: nothing to read
                continue;
            }
            Optional<MerkleFrontier> stored = previous.flatMap(p -> calls.call(chain, () -> state.frontier(chain, p.seq())))
                    .map(CheckpointState.StoredFrontier::frontier);
            Optional<MerkleFrontier> tree = calls.call(chain, () -> trees.frontier(chain, stored, h.seq() + 1, before));
            if (tree.isPresent()) {
                roots.put(chain, tree.get().rootHash());
                advanced.put(chain, tree.get());
            } else {
                withoutTree.add(chain);
            }
        }
        String note = CheckpointNote.sign(CheckpointNote.text(origin, ts, heads, roots), signer, key);
        LineageRecord.Draft draft = LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(ts).note(note).build();
        LineageRecord record = appender.appendTo(LineageRecord.CHECKPOINT_CHAIN, draft);
        advanced.forEach((chain, f) -> calls.call(chain, () -> {
            state.putFrontier(chain, record.seq(), f);
            return null;
        }));
        List<WitnessRefusal> refusals = new ArrayList<>();
        Optional<LogWitnessing.Outcome> log = signLog(record, refusals);
        return new Checkpoint(record, log.map(LogWitnessing.Outcome::log), log.map(LogWitnessing.Outcome::note), withoutTree, refusals);
    }

    private static Optional<ChainTrees.SignedRoot> signedRoot(CheckpointNote.Contents c, String chain) {
        return c.head(chain).flatMap(h -> c.root(chain).map(r -> new ChainTrees.SignedRoot(h.seq() + 1, r)));
    }

    /**
     * Extends the checkpoint log by {@code record}, signs its tlog-checkpoint, has the witnesses
     * cosign it (adding their refusals to {@code refusals}) and stores it.
     */
    private Optional<LogWitnessing.Outcome> signLog(LineageRecord record, List<WitnessRefusal> refusals) {
        String chain = LineageRecord.CHECKPOINT_CHAIN;
        Optional<CheckpointState.LogEntry> last = calls.call(chain, () -> state.log(record.seq() - 1));
        Optional<ChainTrees.SignedRoot> lastRoot = last.flatMap(e -> LogCheckpoints.verify(e.note(), key, origin)
                .filter(c -> c.treeSize() == e.frontier().size() && c.rootHash().equals(e.frontier().rootHash()))
                .map(c -> new ChainTrees.SignedRoot(c.treeSize(), c.rootHash())));
        Optional<MerkleFrontier> tree = calls.call(chain, () -> trees.frontier(chain,
                last.map(CheckpointState.LogEntry::frontier), record.seq() + 1, lastRoot));
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        TlogCheckpoint log = new TlogCheckpoint(origin, tree.get().size(), tree.get().rootHash());
        LogWitnessing.Outcome cosigned = witnessing.cosign(CheckpointNote.sign(log.text(), signer, key), log, record.seq());
        refusals.addAll(cosigned.refusals());
        calls.call(chain, () -> {
            state.putLog(record.seq(), cosigned.note(), tree.get());
            return null;
        });
        return Optional.of(cosigned);
    }
}
