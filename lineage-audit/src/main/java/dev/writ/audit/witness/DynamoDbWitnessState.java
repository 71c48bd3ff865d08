package dev.writ.audit.witness;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.TlogCheckpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@link WitnessState} in a DynamoDB table of its own (partition key {@code origin}): one item per
 * log with {@code size}, {@code root} (hex) and the cosigned {@code checkpoint} text, replaced by a
 * conditional put that requires the stored size and root to be the expected ones. Reads are
 * strongly consistent.
 */
public final class DynamoDbWitnessState implements WitnessState {
    private final String table;
    private final Supplier<DynamoDbClient> client;

    public DynamoDbWitnessState(String table, Supplier<DynamoDbClient> client) {
        this.table = table;
        this.client = client;
    }

    /** Creates the table (on-demand) and waits until it exists: for development and tests; the stack template creates it in AWS. */
    public static void createTable(DynamoDbClient ddb, String table) {
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("origin").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("origin").keyType(KeyType.HASH)));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    @Override
    public Optional<Cosigned> latest(String origin) {
        Map<String, AttributeValue> item = client.get().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("origin", AttributeValue.fromS(origin)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Cosigned(Long.parseLong(item.get("size").n()), MerkleHash.fromHex(item.get("root").s())));
    }

    @Override
    public boolean advance(String origin, Optional<Cosigned> expected, TlogCheckpoint next) {
        Map<String, AttributeValue> item = Map.of("origin", AttributeValue.fromS(origin),
                "size", AttributeValue.fromN(Long.toString(next.treeSize())),
                "root", AttributeValue.fromS(next.rootHash().hex()),
                "checkpoint", AttributeValue.fromS(next.text()));
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (expected.isEmpty()) {
            condition = "attribute_not_exists(#origin)";
            names.put("#origin", "origin");
        } else {
            condition = "#size = :size AND #root = :root";
            names.put("#size", "size");
            names.put("#root", "root");
            values.put(":size", AttributeValue.fromN(Long.toString(expected.get().size())));
            values.put(":root", AttributeValue.fromS(expected.get().root().hex()));
        }
        try {
            client.get().putItem(b -> b.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
