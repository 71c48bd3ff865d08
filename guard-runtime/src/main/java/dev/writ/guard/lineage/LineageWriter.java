package dev.writ.guard.lineage;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Appends records to hash-linked chains in DynamoDB (the append algorithm of LINEAGE.md):
 * strongly consistent read of the chain head, then {@code PutItem} of {@code seq+1} with
 * {@code attribute_not_exists(seq)}; when another writer took that seq, DynamoDB returns the
 * winner (ALL_OLD) and the record is re-linked onto it and tried at the next seq, without a new
 * read, after a jittered pause, at most {@link LineageConfig#maxConflicts()} times. The head read
 * is skipped when this writer's own last record on the chain is known; a stale guess only costs
 * one failed conditional put, after which the head is read.
 *
 * <p>A guard record of function {@code f} goes to chain {@code f#<shard>}; the shard is fixed per
 * writer (one per Lambda container, picked at random unless configured), so a container mostly
 * appends to a chain no one else is racing for while the fleet spreads over all shards.
 *
 * <p>Thread-safe. No SDK client exists until the first append.
 */
public final class LineageWriter implements LineageRecorder {
    private final LineageConfig config;
    private final ChainStore store;
    private final StoreCalls calls;
    private final BackoffStrategy conflictBackoff;
    private final Map<String, LineageRecord> lastAppended = new ConcurrentHashMap<>();

    LineageWriter(LineageConfig config, ChainStore store, StoreCalls.Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.calls = new StoreCalls(config, sleeper);
        this.conflictBackoff = BackoffStrategy.exponentialDelay(config.backoffBase(), config.backoffMax());
    }

    /** A writer configured from {@code WRIT_LINEAGE_*} variables, with the default DynamoDB client. */
    public static LineageWriter fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * A writer configured from the given {@code WRIT_LINEAGE_*} variables, with the default lineage
     * client: UrlConnection HTTP, built on first append, and no SDK-level retries, so that
     * {@code WRIT_LINEAGE_MAX_ATTEMPTS} bounds the attempts once (a client with its own retries
     * multiplies them, delaying LINEAGE_UNAVAILABLE).
     */
    public static LineageWriter fromEnvironment(Map<String, String> env) {
        return create(LineageConfig.builder(env).build(), DynamoDbChainStore::defaultClient);
    }

    /** A writer with the given settings; {@code client} is called once, on the first append. */
    public static LineageWriter create(LineageConfig config, Supplier<DynamoDbClient> client) {
        return new LineageWriter(config, new DynamoDbChainStore(config.table(), client), LineageWriter::sleep);
    }

    public LineageConfig config() {
        return config;
    }

    /**
     * Appends to this writer's shard of the draft's function chain.
     *
     * @throws IllegalArgumentException when the draft has no function, or is a checkpoint (only
     *     {@link Checkpointer} writes those, on chain {@code checkpoint})
     * @throws LineageUnavailableException when it cannot be written within bounds
     */
    @Override
    public LineageRecord append(LineageRecord.Draft draft) {
        if (draft.type() == LineageRecord.Type.CHECKPOINT) {
            throw new IllegalArgumentException("checkpoint records are appended by the Checkpointer, to chain checkpoint");
        }
        String function = draft.function()
                .orElseThrow(() -> new IllegalArgumentException("a lineage draft needs a function to pick its chain"));
        return appendTo(config.chainFor(function), draft);
    }

    /** Appends to a named chain (the checkpoint chain, or a chain chosen by the caller). */
    LineageRecord appendTo(String chain, LineageRecord.Draft draft) {
        try {
            return link(chain, draft);
        } catch (MalformedRecordException e) {
            // A stored head we cannot read means we cannot link to it: refuse rather than fork.
            throw new LineageUnavailableException(LineageUnavailableException.Reason.REJECTED, chain,
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
                throw new LineageUnavailableException(LineageUnavailableException.Reason.CONTENTION, chain,
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

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        }
    }
}
