package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.ChainAppender;
import dev.writ.guard.lineage.internal.ChainStore;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.StoreCalls;
import dev.writ.core.config.Environment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Appends records to hash-linked chains in DynamoDB, one at a time or batched with one request per
 * chain, by the append algorithm of docs/lineage.md (conditional puts only, never an update or a delete).
 *
 * <p>A guard record of function {@code f} goes to chain {@code f#<shard>}; the shard is fixed per
 * writer (one per Lambda container, picked at random unless configured), so a container mostly
 * appends to a chain no one else is racing for while the fleet spreads over all shards.
 *
 * <p>Thread-safe. No SDK client exists until the first append.
 */
public final class LineageWriter implements LineageRecorder {
    private final ChainAppender appender;

    LineageWriter(LineageConfig config, ChainStore store, StoreCalls.Sleeper sleeper) {
        this.appender = new ChainAppender(config, store, sleeper);
    }

    /** A writer configured from {@code WRIT_LINEAGE_*} variables, with the default DynamoDB client. */
    public static LineageWriter fromEnvironment() {
        return fromEnvironment(Environment.system());
    }

    /**
     * A writer configured from the given {@code WRIT_LINEAGE_*} variables, with the default lineage
     * client: UrlConnection HTTP, built on first append, and no SDK-level retries, so that
     * {@code WRIT_LINEAGE_MAX_ATTEMPTS} bounds the attempts once (a client with its own retries
     * multiplies them, delaying LINEAGE_UNAVAILABLE).
     */
    public static LineageWriter fromEnvironment(Environment env) {
        return create(LineageConfig.builder(env).build(), DynamoDbChainStore::defaultClient);
    }

    /** A writer with the given settings; {@code client} is called once, on the first append. */
    public static LineageWriter create(LineageConfig config, Supplier<DynamoDbClient> client) {
        return new LineageWriter(config, new DynamoDbChainStore(config.table(), client), ChainAppender::sleep);
    }

    public LineageConfig config() {
        return appender.config();
    }

    /**
     * Appends to this writer's shard of the draft's function chain, with one conditional
     * {@code PutItem} in the usual case.
     *
     * @throws IllegalArgumentException when the draft has no function, or is a checkpoint (only the
     *     auditors' checkpointer writes those, on chain {@code checkpoint})
     * @throws LineageUnavailableException when it cannot be written within bounds
     */
    @Override
    public LineageRecord append(LineageRecord.Draft draft) {
        return appender.appendTo(chainOf(draft), draft);
    }

    /**
     * Appends the drafts to this writer's shards of their functions' chains, with one request per
     * chain in the usual case: an all-or-none {@code TransactWriteItems} of conditional puts, each
     * record linked to the one before in draft order (split at 100 records or about 4 MB). Every
     * draft is checked before anything is written.
     *
     * @return the stored records, in draft order
     * @throws IllegalArgumentException when a draft is null, has no function or is a checkpoint;
     *     nothing is written then
     * @throws LineageUnavailableException when a chain's batch cannot be written within bounds;
     *     {@link LineageUnavailableException#appended()} names what was stored before it
     */
    @Override
    public List<LineageRecord> appendAll(List<LineageRecord.Draft> drafts) {
        Map<String, List<Integer>> byChain = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            LineageRecord.Draft d = drafts.get(i);
            if (d == null) {
                throw new IllegalArgumentException("lineage draft " + i + " is null");
            }
            byChain.computeIfAbsent(chainOf(d), c -> new ArrayList<>()).add(i);
        }
        LineageRecord[] stored = new LineageRecord[drafts.size()];
        List<LineageRecord> appended = new ArrayList<>(drafts.size());
        byChain.forEach((chain, indexes) -> {
            List<LineageRecord> records;
            try {
                records = appender.appendAllTo(chain, indexes.stream().map(drafts::get).toList());
            } catch (LineageUnavailableException e) {
                throw e.after(appended);
            }
            for (int k = 0; k < records.size(); k++) {
                stored[indexes.get(k)] = records.get(k);
            }
            appended.addAll(records);
        });
        return List.of(stored);
    }

    private String chainOf(LineageRecord.Draft draft) {
        if (draft.type() == LineageRecord.Type.CHECKPOINT) {
            throw new IllegalArgumentException("checkpoint records are appended by the Checkpointer, to chain checkpoint");
        }
        String function = draft.function()
                .orElseThrow(() -> new IllegalArgumentException("a lineage draft needs a function to pick its chain"));
        return config().chainFor(function);
    }
}
