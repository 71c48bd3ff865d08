package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.guard.lineage.internal.LineageItems;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What the checkpoint signer keeps beside the checkpoint chain, in the lineage table under
 * partition keys starting with {@value #PREFIX} (no chain can be named so: chains are
 * {@code <function>#<shard>} or {@code checkpoint}). These items are not lineage records and not
 * signed as such: every value read from them is checked against a signed root before it is used.
 * <ul>
 * <li>{@code checkpoint/frontier/<chain>}, seq = the checkpoint record's seq: the chain's
 *     {@link MerkleFrontier} at the head that checkpoint pins, written when the chain advanced;
 * <li>{@code checkpoint/log}, seq = the checkpoint record's seq {@code k}: the signed
 *     tlog-checkpoint of the checkpoint log at size {@code k + 1} (with the witnesses'
 *     cosignatures) and the log's frontier at that size.
 * </ul>
 * Items are written once ({@code attribute_not_exists}), like records.
 */
final class CheckpointState {
    /** The partition key prefix of everything here. */
    static final String PREFIX = "checkpoint/";
    static final String LOG = PREFIX + "log";
    private static final String FRONTIER = "frontier";
    private static final String NOTE = "note";

    private final String table;
    private final Supplier<DynamoDbClient> client;

    CheckpointState(String table, Supplier<DynamoDbClient> client) {
        this.table = table;
        this.client = client;
    }

    /** True for a partition key of this state rather than a chain. */
    static boolean isState(String partition) {
        return partition.startsWith(PREFIX);
    }

    /** A stored frontier, and the checkpoint it was written with. */
    record StoredFrontier(long checkpointSeq, MerkleFrontier frontier) {
    }

    /** A stored log checkpoint: the signed note (with cosignatures) and the log's frontier at its size. */
    record LogEntry(long checkpointSeq, String note, MerkleFrontier frontier) {
    }

    void putFrontier(String chain, long checkpointSeq, MerkleFrontier frontier) {
        put(Map.of(Field.CHAIN, LineageItems.s(PREFIX + "frontier/" + chain), Field.SEQ, LineageItems.n(checkpointSeq),
                FRONTIER, LineageItems.s(frontier.toJson())));
    }

    /** The chain's newest frontier written with a checkpoint at or before {@code checkpointSeq}. */
    Optional<StoredFrontier> frontier(String chain, long checkpointSeq) {
        return newest(PREFIX + "frontier/" + chain, checkpointSeq).flatMap(item -> {
            try {
                return Optional.of(new StoredFrontier(seq(item), MerkleFrontier.parse(item.get(FRONTIER).s())));
            } catch (RuntimeException e) {
                return Optional.empty(); // unreadable: the caller rebuilds from the records
            }
        });
    }

    void putLog(long checkpointSeq, String note, MerkleFrontier frontier) {
        put(Map.of(Field.CHAIN, LineageItems.s(LOG), Field.SEQ, LineageItems.n(checkpointSeq),
                NOTE, LineageItems.s(note), FRONTIER, LineageItems.s(frontier.toJson())));
    }

    /** The newest log entry written with a checkpoint at or before {@code checkpointSeq}. */
    Optional<LogEntry> log(long checkpointSeq) {
        return newest(LOG, checkpointSeq).flatMap(CheckpointState::logEntry);
    }

    /** The log entry written with checkpoint {@code checkpointSeq} itself. */
    Optional<LogEntry> logAt(long checkpointSeq) {
        return log(checkpointSeq).filter(e -> e.checkpointSeq() == checkpointSeq);
    }

    private static Optional<LogEntry> logEntry(Map<String, AttributeValue> item) {
        try {
            return Optional.of(new LogEntry(seq(item), item.get(NOTE).s(), MerkleFrontier.parse(item.get(FRONTIER).s())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Map<String, AttributeValue>> newest(String partition, long atMost) {
        if (atMost < 0) {
            return Optional.empty();
        }
        return client.get().query(b -> b.tableName(table).consistentRead(true).limit(1).scanIndexForward(false)
                        .keyConditionExpression("#c = :c AND #s <= :s")
                        .expressionAttributeNames(Map.of("#c", Field.CHAIN, "#s", Field.SEQ))
                        .expressionAttributeValues(Map.of(":c", LineageItems.s(partition), ":s", LineageItems.n(atMost))))
                .items().stream().findFirst();
    }

    private void put(Map<String, AttributeValue> item) {
        try {
            client.get().putItem(b -> b.tableName(table).item(item).conditionExpression(DynamoDbChainStore.CONDITION)
                    .expressionAttributeNames(Map.of("#seq", Field.SEQ)));
        } catch (ConditionalCheckFailedException e) {
            // Written by an earlier run that stopped before it finished: the first write stands.
        }
    }

    private static long seq(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(Field.SEQ).n());
    }
}
