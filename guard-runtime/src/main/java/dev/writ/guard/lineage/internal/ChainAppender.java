package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.MalformedRecordException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The append algorithm of docs/lineage.md, on any chain: strongly consistent read of the chain head,
 * then {@code PutItem} of {@code seq+1} with {@code attribute_not_exists(seq)}; when another writer
 * took that seq, DynamoDB returns the winner (ALL_OLD) and the record is re-linked onto it and tried
 * at the next seq, without a new read, after a jittered pause, at most
 * {@link LineageConfig#maxConflicts()} times. The head read is skipped when this appender's own
 * last record on the chain is known; a stale guess only costs one failed conditional put.
 * Several drafts for one chain go in all-or-none batches, linked in order, re-linked as a whole
 * on top of a re-read head when another writer took their first seq. A write that failed without
 * DynamoDB saying it was not stored (a lost response, then the attempts ran out) may have landed:
 * when those drafts are sent again (as the backlog does), it first reads the record at the failed
 * write's first seq, and if it is that write's own record, they are stored and are not written
 * again, wherever the chain's head has moved since. The doubt belongs to the drafts, not to the
 * chain: another thread appending to the chain in between neither resolves nor drops it.
 * {@code LineageWriter} uses it for guard and authorizer chains, the checkpointer for the
 * checkpoint chain. Thread-safe.
 */
public final class ChainAppender {
    private final LineageConfig config;
    private final ChainStore store;
    private final StoreCalls calls;
    private final BackoffStrategy conflictBackoff;
    private final Map<String, LineageRecord> lastAppended = new ConcurrentHashMap<>();
    private final Map<String, List<InDoubt>> inDoubt = new ConcurrentHashMap<>();

    /**
     * A failed write that may have landed: the drafts it carried and the records sealed from them.
     * The drafts are held weakly: once no one holds them (a guard's refused verification record),
     * no one can send them again, and the doubt is dropped instead of kept for the process's life.
     */
    private record InDoubt(List<WeakReference<LineageRecord.Draft>> drafts, List<LineageRecord> records) {
        static InDoubt of(List<LineageRecord.Draft> drafts, List<LineageRecord> records) {
            return new InDoubt(drafts.stream().map(WeakReference::new).toList(), records);
        }

        boolean carriesAnyOf(Set<LineageRecord.Draft> sent) {
            return drafts.stream().anyMatch(d -> sent.contains(d.get()));
        }

        boolean forgotten() {
            return drafts.stream().allMatch(d -> d.get() == null);
        }
    }

    public ChainAppender(LineageConfig config, ChainStore store, StoreCalls.Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.calls = new StoreCalls(config, sleeper);
        this.conflictBackoff = BackoffStrategy.exponentialDelay(config.backoffBase(), config.backoffMax());
    }

    /** Sleeps for real (the appender's pauses between attempts). */
    public static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        }
    }

    public LineageConfig config() {
        return config;
    }

    /** Appends to a named chain (the checkpoint chain, or a chain chosen by the caller). */
    public LineageRecord appendTo(String chain, LineageRecord.Draft draft) {
        return appendAllTo(chain, List.of(draft)).get(0);
    }

    /**
     * Appends drafts to one chain in order, each record linked to the one before: one conditional
     * {@code PutItem} for a single draft, else one all-or-none {@code TransactWriteItems} per
     * {@link #batches batch}. Returns the stored records in draft order.
     *
     * @throws LineageUnavailableException when a batch cannot be written within bounds; its
     *     {@link LineageUnavailableException#appended()} are the records of earlier batches, stored
     *     (and those of drafts an earlier failed write turned out to have stored)
     */
    public List<LineageRecord> appendAllTo(String chain, List<LineageRecord.Draft> drafts) {
        Map<LineageRecord.Draft, LineageRecord> landed = landedEarlier(chain, drafts);
        LineageRecord[] inDraftOrder = new LineageRecord[drafts.size()];
        List<LineageRecord> appended = new ArrayList<>(drafts.size());
        List<Integer> unwritten = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            inDraftOrder[i] = landed.remove(drafts.get(i));
            if (inDraftOrder[i] == null) {
                unwritten.add(i);
            } else {
                appended.add(inDraftOrder[i]);
            }
        }
        int next = 0;
        for (List<LineageRecord.Draft> batch : batches(chain, unwritten.stream().map(drafts::get).toList())) {
            List<LineageRecord> records;
            try {
                records = link(chain, batch);
            } catch (MalformedRecordException e) {
                // A stored head we cannot read means we cannot link to it: refuse rather than fork.
                throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.REJECTED, chain,
                        "stored record is malformed: " + e.getMessage(), e).after(appended);
            } catch (LineageUnavailableException e) {
                throw e.after(appended);
            }
            for (LineageRecord r : records) {
                inDraftOrder[unwritten.get(next++)] = r;
            }
            appended.addAll(records);
        }
        return List.of(inDraftOrder);
    }

    /**
     * The drafts among {@code sent} that an earlier write in doubt on this chain stored, by
     * identity, with their records (then this appender's last record on the chain follows them);
     * empty when none of them was in doubt or their write did not land. Costs one strongly
     * consistent read per such write, only after a write failed. Doubts about other drafts stay.
     */
    private Map<LineageRecord.Draft, LineageRecord> landedEarlier(String chain, List<LineageRecord.Draft> sent) {
        Map<LineageRecord.Draft, LineageRecord> landed = new IdentityHashMap<>();
        if (!inDoubt.containsKey(chain)) {
            return landed;
        }
        Set<LineageRecord.Draft> carried = Collections.newSetFromMap(new IdentityHashMap<>());
        carried.addAll(sent);
        List<InDoubt> taken = new ArrayList<>();
        inDoubt.computeIfPresent(chain, (c, doubts) -> {
            List<InDoubt> kept = new ArrayList<>();
            for (InDoubt d : doubts) {
                if (d.carriesAnyOf(carried)) {
                    taken.add(d);
                } else if (!d.forgotten()) {
                    kept.add(d);
                }
            }
            return kept.isEmpty() ? null : List.copyOf(kept);
        });
        for (int k = 0; k < taken.size(); k++) {
            InDoubt doubt = taken.get(k);
            LineageRecord first = doubt.records().get(0);
            Optional<LineageRecord> stored;
            try {
                stored = calls.call(chain, () -> store.get(chain, first.seq()));
            } catch (LineageUnavailableException e) {
                taken.subList(k, taken.size()).forEach(d -> keepInDoubt(chain, d));
                throw e;
            }
            // The hash covers chain, seq, prev and content: only our own write has it. All or none of
            // a batch is stored, so its first record stands for the batch.
            if (stored.isPresent() && LineageHash.equalHex(stored.get().hash(), first.hash())) {
                for (int i = 0; i < doubt.drafts().size(); i++) {
                    LineageRecord.Draft d = doubt.drafts().get(i).get();
                    if (d != null) {
                        landed.put(d, doubt.records().get(i));
                    }
                }
                remember(doubt.records().get(doubt.records().size() - 1));
            }
        }
        return landed;
    }

    private void keepInDoubt(String chain, InDoubt doubt) {
        inDoubt.merge(chain, List.of(doubt), (was, now) -> Stream.concat(was.stream(), now.stream()).toList());
    }

    /** The writes in doubt this appender still keeps for {@code chain} (tests: the doubts are bounded). */
    int inDoubtOn(String chain) {
        inDoubt.computeIfPresent(chain, (c, doubts) -> {
            List<InDoubt> kept = doubts.stream().filter(d -> !d.forgotten()).toList();
            return kept.isEmpty() ? null : kept;
        });
        return inDoubt.getOrDefault(chain, List.of()).size();
    }

    /** Consecutive runs of drafts within DynamoDB's transaction limits (item count, estimated bytes). */
    static List<List<LineageRecord.Draft>> batches(String chain, List<LineageRecord.Draft> drafts) {
        if (drafts.size() == 1) {
            return List.of(drafts); // the common single append: one PutItem, nothing to measure
        }
        List<List<LineageRecord.Draft>> batches = new ArrayList<>();
        List<LineageRecord.Draft> batch = new ArrayList<>();
        long bytes = 0;
        for (LineageRecord.Draft d : drafts) {
            long size = LineageItems.itemBytes(chain, d);
            if (!batch.isEmpty() && (batch.size() == ChainStore.MAX_BATCH_RECORDS || bytes + size > ChainStore.MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(d);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private List<LineageRecord> link(String chain, List<LineageRecord.Draft> drafts) {
        // The record this writer appended last is usually still the head (one writer per shard per
        // container): start from it and skip the read. The conditional put keeps this safe; if it
        // was stale, the put fails and the head is read as the design says.
        Optional<LineageRecord> head = Optional.ofNullable(lastAppended.get(chain));
        boolean fromCache = head.isPresent();
        if (!fromCache) {
            head = calls.call(chain, () -> store.head(chain));
        }
        for (int conflicts = 0; ; conflicts++) {
            List<LineageRecord> records = seal(chain, head, drafts);
            LineageRecord first = records.get(0);
            Optional<LineageRecord> taken;
            try {
                taken = calls.call(chain, () -> records.size() == 1 ? store.putIfAbsent(first) : store.putAllIfAbsent(records));
            } catch (LineageUnavailableException e) {
                keepInDoubt(chain, InDoubt.of(drafts, records));
                throw e;
            }
            if (taken.isEmpty() || LineageHash.equalHex(taken.get().hash(), first.hash())) {
                // Written (a "winner" equal to our first record is our own earlier attempt whose
                // response was lost: it is stored, with the rest of its all-or-none batch, and
                // appending the drafts again would duplicate them).
                remember(records.get(records.size() - 1));
                return records;
            }
            if (taken.get().seq() != first.seq()) {
                // Our writers fill seqs in order, so a taken seq above a free one is not a race.
                throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.REJECTED, chain,
                        "seq " + taken.get().seq() + " is taken while seq " + first.seq() + " is free", null);
            }
            if (conflicts + 1 >= config.maxConflicts()) {
                throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.CONTENTION, chain,
                        "lost the race for the next seq " + config.maxConflicts() + " times", null);
            }
            if (fromCache) {
                fromCache = false;
                head = calls.call(chain, () -> store.head(chain));
                continue;
            }
            // One record goes on top of the winner without a read. A batch re-reads the head: the
            // winner was most likely a batch too, and its later records would take our next seqs.
            head = records.size() == 1 ? taken : calls.call(chain, () -> store.head(chain));
            calls.pause(chain, conflictBackoff.computeDelay(Math.min(conflicts + 1, 16)));
        }
    }

    /** The drafts as records linked on top of {@code head}, in order. */
    private static List<LineageRecord> seal(String chain, Optional<LineageRecord> head, List<LineageRecord.Draft> drafts) {
        List<LineageRecord> records = new ArrayList<>(drafts.size());
        long seq = head.map(h -> h.seq() + 1).orElse(0L);
        String prev = head.map(LineageRecord::hash).orElse(LineageHash.ZERO_HEX);
        for (LineageRecord.Draft d : drafts) {
            LineageRecord r = LineageRecord.seal(chain, seq++, prev, d);
            records.add(r);
            prev = r.hash();
        }
        return records;
    }

    private void remember(LineageRecord record) {
        lastAppended.merge(record.chain(), record, (old, now) -> now.seq() > old.seq() ? now : old);
    }
}
