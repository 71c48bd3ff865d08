package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.Field;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The lineage table's shape, owned by the writer that appends to it (tests and {@code writ dev} create it from here): partition key {@code chain} (S), sort
 * key {@code seq} (N), GSIs {@value #BY_EXEC_ID} ({@code execId}, {@code ts}), {@value #BY_PRINCIPAL}
 * ({@code principal}, {@code ts}) and {@value #BY_TXN} ({@code txn}, {@code ts}: one transaction's
 * executions, the ancestry tree of a transaction's hops). Deployed stacks get the same shape from
 * the SAM template (with point-in-time recovery, no TTL).
 */
public final class LineageTable {
    public static final String BY_EXEC_ID = "byExecId";
    public static final String BY_PRINCIPAL = "byPrincipal";
    public static final String BY_TXN = "byTxn";

    private LineageTable() {
    }

    /** The CreateTable request for a lineage table named {@code table} (on-demand billing). */
    public static CreateTableRequest definition(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attr(Field.CHAIN, ScalarAttributeType.S), attr(Field.SEQ, ScalarAttributeType.N),
                        attr(Field.EXEC_ID.wire, ScalarAttributeType.S), attr(Field.PRINCIPAL.wire, ScalarAttributeType.S),
                        attr(Field.TXN.wire, ScalarAttributeType.S), attr(Field.TS, ScalarAttributeType.N))
                .keySchema(key(Field.CHAIN, KeyType.HASH), key(Field.SEQ, KeyType.RANGE))
                .globalSecondaryIndexes(gsi(BY_EXEC_ID, Field.EXEC_ID.wire), gsi(BY_PRINCIPAL, Field.PRINCIPAL.wire),
                        gsi(BY_TXN, Field.TXN.wire))
                .build();
    }

    /** Creates the table and waits until it exists. */
    public static void create(DynamoDbClient client, String table) {
        client.createTable(definition(table));
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static GlobalSecondaryIndex gsi(String name, String partition) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partition, KeyType.HASH), key(Field.TS, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
