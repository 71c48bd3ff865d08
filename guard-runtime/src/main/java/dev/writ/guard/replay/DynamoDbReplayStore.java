package dev.writ.guard.replay;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Consumes single-use writ ids in a DynamoDB table (partition key {@value #KEY}, string) with a
 * conditional {@code PutItem}: the first put wins, every later one fails its condition and is
 * reported as a replay. Items carry {@value #TTL} (epoch seconds) so DynamoDB TTL removes them
 * once the writ could no longer verify anyway.
 */
public final class DynamoDbReplayStore implements ReplayStore {

    /** Partition key attribute. */
    public static final String KEY = "jti";
    /** TTL attribute (epoch seconds); enable TTL on it. */
    public static final String TTL = "expiresAt";
    /** The condition every consuming put carries. */
    static final String FIRST_USE = "attribute_not_exists(" + KEY + ")";

    private final Supplier<DynamoDbClient> dynamo;
    private final String table;

    /**
     * @param dynamo supplies the client on first use
     * @param table  the replay table name
     */
    public DynamoDbReplayStore(Supplier<DynamoDbClient> dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The table this store needs, on-demand capacity (the SAM template defines the same table, with
     * TTL on {@value #TTL}); for tests and {@code writ dev}.
     */
    public static CreateTableRequest tableDefinition(String table) {
        return CreateTableRequest.builder().tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                        .attributeType(ScalarAttributeType.S).build())
                .build();
    }

    @Override
    public boolean consume(String jti, Instant keepUntil) {
        try {
            dynamo.get().putItem(request(jti, keepUntil));
            return true;
        } catch (ConditionalCheckFailedException replay) {
            return false;
        } catch (RuntimeException e) {
            throw new ReplayStoreUnavailableException("replay table " + table + " unavailable: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    PutItemRequest request(String jti, Instant keepUntil) {
        return PutItemRequest.builder()
                .tableName(table)
                .item(Map.of(
                        KEY, AttributeValue.fromS(jti),
                        TTL, AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond()))))
                .conditionExpression(FIRST_USE)
                .build();
    }
}
