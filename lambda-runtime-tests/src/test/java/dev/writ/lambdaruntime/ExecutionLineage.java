package dev.writ.lambdaruntime;

import dev.writ.guard.lineage.LineageRecord;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The run's lineage records by execution ({@code execId}), read as packaged functions append them, some after they answered. */
final class ExecutionLineage {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final String table;

    ExecutionLineage(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Every record of the table. */
    List<LineageRecord> records() {
        return dynamo.scan(r -> r.tableName(table).consistentRead(true)).items().stream()
                .map(LineageRecord::fromItem).toList();
    }

    /** The types of {@code execId}'s records now. */
    List<String> types(String execId) {
        return records().stream().filter(r -> r.execId().filter(execId::equals).isPresent()).map(r -> r.type().wire()).toList();
    }

    /** The types of {@code execId}'s records once there are {@code count} (10 s at most). */
    List<String> awaitTypes(String execId, int count) throws InterruptedException {
        long end = System.nanoTime() + SETTLE.toNanos();
        List<String> types = types(execId);
        while (types.size() < count && System.nanoTime() < end) {
            Thread.sleep(50);
            types = types(execId);
        }
        return types;
    }
}
