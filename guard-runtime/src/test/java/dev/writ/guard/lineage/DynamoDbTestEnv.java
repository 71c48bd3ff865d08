package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.testsupport.Emulators;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB Local as the test command starts it, and fresh lineage tables on it. */
public final class DynamoDbTestEnv {
    private DynamoDbTestEnv() {
    }

    /** The emulator's client; fails (never skips) with how to start it when it is not configured. */
    public static DynamoDbClient client() {
        return Emulators.dynamoDb();
    }

    /** A fresh lineage table with a unique name. */
    public static String newTable(DynamoDbClient client) {
        String table = "writ-lineage-it-" + UUID.randomUUID();
        LineageTable.create(client, table);
        return table;
    }

    /** {@code chain} as stored in {@code table}, read strongly consistently on every call. */
    public record StoredChain(DynamoDbClient client, String table, String chain) {

        /** The stored records, in seq order. */
        public List<LineageRecord> records() {
            return client.query(q -> q.tableName(table).consistentRead(true).keyConditionExpression("chain = :c")
                            .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(chain))))
                    .items().stream().map(LineageRecord::fromItem).toList();
        }

        /** The stored records' {@code execId}s, in seq order. */
        public List<String> execIds() {
            return records().stream().map(r -> r.execId().orElseThrow()).toList();
        }

        /** Seq 0..n-1 with no gap, every hash valid, every prev the hash of the record before. */
        public void assertLinked() {
            List<LineageRecord> records = records();
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i).seq()).isEqualTo(i);
                assertThat(records.get(i).hashIsValid()).isTrue();
                assertThat(records.get(i).prev()).isEqualTo(i == 0 ? "0".repeat(64) : records.get(i - 1).hash());
            }
        }
    }
}
