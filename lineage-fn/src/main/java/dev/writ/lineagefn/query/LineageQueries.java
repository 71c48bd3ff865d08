package dev.writ.lineagefn.query;


import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.lineagefn.config.LineageBeans.DynamoDbClients;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The read side the auditor API (and later the explorer page) is built on: pages of one chain
 * by seq range, a principal's records by time range (index {@code byPrincipal}), the newest
 * checkpoint. Pages ask DynamoDB for one item more than they return, so a page says truthfully
 * whether another follows. Index reads are not verified here: callers say so or re-verify.
 */
@Singleton
public class LineageQueries {
    private final String table;
    private final DynamoDbClients clients;

    public LineageQueries(LineageConfig config, DynamoDbClients clients) {
        this.table = config.table();
        this.clients = clients;
    }

    /** A page of items and, when more follow, the position to continue after. */
    public record Page(List<StoredItem> items, Optional<Position> next) {
    }

    /** The key of the last item of a page: where the next page starts (exclusive). */
    public record Position(String chain, long seq, long ts) {
    }

    /** Records of {@code chain} with {@code from <= seq <= to}, ascending, strongly consistent. */
    public Page chainPage(String chain, long from, long to, int limit, Optional<Long> afterSeq) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#c = :c AND #s BETWEEN :a AND :b")
                .expressionAttributeNames(Map.of("#c", "chain", "#s", "seq"))
                .expressionAttributeValues(Map.of(":c", s(chain), ":a", n(from), ":b", n(to)))
                .limit(limit + 1);
        afterSeq.ifPresent(seq -> q.exclusiveStartKey(Map.of("chain", s(chain), "seq", n(seq))));
        return page(query(q.build(), afterSeq.isPresent()), limit);
    }

    /** True when {@code chain} holds at least one item. */
    public boolean chainExists(String chain) {
        return !clients.get().query(b -> b.tableName(table).consistentRead(true).limit(1)
                .keyConditionExpression("#c = :c").expressionAttributeNames(Map.of("#c", "chain"))
                .expressionAttributeValues(Map.of(":c", s(chain)))).items().isEmpty();
    }

    /** Records of {@code principal} with {@code fromTs <= ts <= toTs}, oldest first, from the index. */
    public Page principalPage(String principal, long fromTs, long toTs, int limit, Optional<Position> after) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(LineageTable.BY_PRINCIPAL)
                .keyConditionExpression("#p = :p AND #t BETWEEN :a AND :b")
                .expressionAttributeNames(Map.of("#p", "principal", "#t", "ts"))
                .expressionAttributeValues(Map.of(":p", s(principal), ":a", n(fromTs), ":b", n(toTs)))
                .limit(limit + 1);
        after.ifPresent(p -> {
            Map<String, AttributeValue> key = new HashMap<>();
            key.put("principal", s(principal));
            key.put("ts", n(p.ts()));
            key.put("chain", s(p.chain()));
            key.put("seq", n(p.seq()));
            q.exclusiveStartKey(key);
        });
        return page(query(q.build(), after.isPresent()), limit);
    }

    /** Every item of one execution from the {@code byExecId} index (eventually consistent, not verified). */
    public List<StoredItem> byExecId(String execId) {
        return clients.get().queryPaginator(b -> b.tableName(table).indexName(LineageTable.BY_EXEC_ID)
                        .keyConditionExpression("#e = :e").expressionAttributeNames(Map.of("#e", "execId"))
                        .expressionAttributeValues(Map.of(":e", s(execId))))
                .items().stream().map(StoredItem::of).toList();
    }

    /** The newest record of the checkpoint chain, strongly consistent. */
    public Optional<StoredItem> latestCheckpoint() {
        return clients.get().query(b -> b.tableName(table).consistentRead(true).limit(1).scanIndexForward(false)
                        .keyConditionExpression("#c = :c").expressionAttributeNames(Map.of("#c", "chain"))
                        .expressionAttributeValues(Map.of(":c", s(LineageRecord.CHECKPOINT_CHAIN))))
                .items().stream().findFirst().map(StoredItem::of);
    }

    private QueryResponse query(QueryRequest q, boolean fromPosition) {
        try {
            return clients.get().query(q);
        } catch (DynamoDbException e) {
            // A start key that is not a key of these results is a 400 ValidationException from DynamoDB.
            if (fromPosition && e.statusCode() == 400 && !(e instanceof ProvisionedThroughputExceededException)) {
                throw new InvalidPositionException("the start position is not a key of this query's results");
            }
            throw e;
        }
    }

    private static Page page(QueryResponse response, int limit) {
        List<StoredItem> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            items.add(StoredItem.of(item));
        }
        boolean truncated = items.size() > limit;
        if (truncated) {
            items = items.subList(0, limit);
        }
        // Fewer items than asked and a LastEvaluatedKey: DynamoDB stopped at its 1 MB page size.
        boolean more = truncated || (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !items.isEmpty());
        Optional<Position> next = Optional.empty();
        if (more) {
            Map<String, AttributeValue> last = response.items().get(items.size() - 1);
            next = Optional.of(new Position(last.get("chain").s(), Long.parseLong(last.get("seq").n()),
                    last.containsKey("ts") && last.get("ts").n() != null ? Long.parseLong(last.get("ts").n()) : 0));
        }
        return new Page(List.copyOf(items), next);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
