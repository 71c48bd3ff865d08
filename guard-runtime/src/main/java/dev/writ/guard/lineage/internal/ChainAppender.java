package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.MalformedRecordException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * The append algorithm of docs/lineage.md, on any chain: strongly consistent read of the chain head,
 * then {@code PutItem} of {@code seq+1} with {@code attribute_not_exists(seq)}; when another writer
 * took that seq, DynamoDB returns the winner (ALL_OLD) and the record is re-linked onto it and tried
 * at the next seq, without a new read, after a jittered pause, at most
 * {@link LineageConfig#maxConflicts()} times. The head read is skipped when this appender's own
 * last record on the chain is known; a stale guess only costs one failed conditional put.
 * {@code LineageWriter} uses it for guard and authorizer chains, the checkpointer for the
 * checkpoint chain. Thread-safe.
 */
public final class ChainAppender {
    private final LineageConfig config;
    private final ChainStore store;
    private final StoreCalls calls;
    private final BackoffStrategy conflictBackoff;
    private final Map<String, LineageRecord> lastAppended = new ConcurrentHashMap<>();

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
        try {
            return link(chain, draft);
        } catch (MalformedRecordException e) {
            // A stored head we cannot read means we cannot link to it: refuse rather than fork.
            throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.REJECTED, chain,
                    "stored record is malformed: " + e.getMessage(), e);
        }
    }

    private LineageRecord link(String chain, LineageRecord.Draft draft) {
        // The record this writer appended last is usually still the head (one writer per shard per
        // container): start from it and skip the read. The conditional put keeps this safe; if it
        // was stale, the put fails and the head is read as the design says.
        Optional<LineageRecord> head = Optional.ofNullable(lastAppended.get(chain));
        boolean fromCache = head.isPresent();
        if (!fromCache) {
            head = calls.call(chain, () -> store.head(chain));
        }
        for (int conflicts = 0; ; conflicts++) {
            Optional<LineageRecord> base = head;
            LineageRecord record = base
                    .map(h -> LineageRecord.seal(chain, h.seq() + 1, h.hash(), draft))
                    .orElseGet(() -> LineageRecord.seal(chain, 0, LineageHash.ZERO_HEX, draft));
            Optional<LineageRecord> winner = calls.call(chain, () -> store.putIfAbsent(record));
            if (winner.isEmpty() || LineageHash.equalHex(winner.get().hash(), record.hash())) {
                // Written (a "winner" equal to our record is our own earlier attempt whose
                // response was lost: it is stored, and appending the draft again would duplicate it).
                remember(record);
                return record;
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
            head = winner;
            calls.pause(chain, conflictBackoff.computeDelay(Math.min(conflicts + 1, 16)));
        }
    }

    private void remember(LineageRecord record) {
        lastAppended.merge(record.chain(), record, (old, now) -> now.seq() > old.seq() ? now : old);
    }
}
