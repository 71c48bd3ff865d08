package dev.writ.audit;

import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.guard.lineage.internal.LineageItems;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The auditors' reads of the lineage table beyond one chain: every chain name, and the indexes. */
final class TableReads {
    private final String table;
    private final Supplier<DynamoDbClient> client;

    TableReads(String table, Supplier<DynamoDbClient> client) {
        this.table = table;
        this.client = client;
    }

    /** The same client with the SDK's standard retries, for auditors' paginated reads. */
    static DynamoDbClient auditClient() {
        return DynamoDbChainStore.client(AwsRetryStrategy.standardRetryStrategy());
    }


    /** Every chain name in the table (a projected scan: for audits, not for the hot path). */
    Set<String> chains() {
        Set<String> chains = new TreeSet<>();
        client.get().scanPaginator(b -> b.tableName(table).projectionExpression("#chain")
                        .expressionAttributeNames(Map.of("#chain", Field.CHAIN)))
                .items().forEach(item -> {
                    AttributeValue c = item.get(Field.CHAIN);
                    if (c != null && c.s() != null && !CheckpointState.isState(c.s())) {
                        chains.add(c.s());
                    }
                });
        return chains;
    }

    /**
     * The items of {@code chain} with {@code from <= seq <= to}, ascending, strongly consistent,
     * read as records page by page ({@code next()} throws
     * {@link dev.writ.guard.lineage.MalformedRecordException} for an item that is not one).
     */
    Iterator<LineageRecord> range(String chain, long from, long to) {
        if (from > to) {
            return java.util.Collections.emptyIterator();
        }
        return client.get().queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#c = :c AND #s BETWEEN :a AND :b")
                        .expressionAttributeNames(Map.of("#c", Field.CHAIN, "#s", Field.SEQ))
                        .expressionAttributeValues(Map.of(":c", LineageItems.s(chain), ":a", LineageItems.n(from), ":b", LineageItems.n(to))))
                .items().stream().map(LineageItems::fromItem).iterator();
    }

    /** Records of one execution through the execId index (eventually consistent: callers re-verify). */
    List<LineageRecord> byExecId(String execId) {
        return byIndex(LineageTable.BY_EXEC_ID, Field.EXEC_ID, execId);
    }

    /** Records of one transaction (every execution across its hops) through the txn index; callers re-verify. */
    List<LineageRecord> byTxn(String txn) {
        return byIndex(LineageTable.BY_TXN, Field.TXN, txn);
    }

    private List<LineageRecord> byIndex(String index, Field field, String value) {
        List<LineageRecord> out = new ArrayList<>();
        client.get().queryPaginator(b -> b.tableName(table).indexName(index)
                        .keyConditionExpression("#k = :k")
                        .expressionAttributeNames(Map.of("#k", field.wire))
                        .expressionAttributeValues(Map.of(":k", LineageItems.s(value))))
                .items().forEach(item -> out.add(LineageItems.fromItem(item)));
        return out;
    }

}
