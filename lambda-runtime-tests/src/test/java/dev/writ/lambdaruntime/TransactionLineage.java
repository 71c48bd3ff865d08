package dev.writ.lambdaruntime;

import dev.writ.guard.lineage.LineageRecord;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A transaction's lineage records, as the packaged functions appended them to the run's table. */
final class TransactionLineage {
    private TransactionLineage() {
    }

    /**
     * Every record of {@code txn}, waiting (10 s at most) until there are at least {@code atLeast}:
     * a function may append after it answered.
     */
    static List<LineageRecord> of(DynamoDbClient dynamo, String table, String txn, int atLeast) {
        long end = System.currentTimeMillis() + 10_000;
        List<LineageRecord> records;
        do {
            records = dynamo.scanPaginator(r -> r.tableName(table).filterExpression("txn = :t")
                            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(txn))))
                    .items().stream().map(LineageRecord::fromItem).toList();
        } while (records.size() < atLeast && System.currentTimeMillis() < end && pause());
        return records;
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
