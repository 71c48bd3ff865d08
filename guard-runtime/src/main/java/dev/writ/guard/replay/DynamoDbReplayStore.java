package dev.writ.guard.replay;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Consumes single-use writ ids in a DynamoDB table (partition key {@value #KEY}, string) with a
 * conditional {@code PutItem}: the first put wins, every later one fails its condition and is
 * reported as a replay. Items carry {@value #TTL} (epoch seconds) so DynamoDB TTL removes them
 * once the writ could no longer verify anyway.
 *
 * <p>Each consumption stores a random value of its own ({@value #ATTEMPT}). A put that fails its
 * condition reads the stored item back ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}): the
 * same value means this consumption's own put landed before, and is being resent (the JDK resends a
 * buffered {@code POST} once when the connection fails before the answer; the SDK retries), so it is
 * still the first use; any other item is a replay.
 */
public final class DynamoDbReplayStore implements ReplayStore {

    /** Partition key attribute. */
    public static final String KEY = "jti";
    /** TTL attribute (epoch seconds); enable TTL on it. */
    public static final String TTL = "expiresAt";
    /** The attribute holding the value unique to one consumption. */
    static final String ATTEMPT = "attempt";
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
        return consume(jti, keepUntil, UUID.randomUUID().toString());
    }

    /** Consumes {@code jti} as the consumption {@code attempt}: true also when that attempt's put landed before. */
    boolean consume(String jti, Instant keepUntil, String attempt) {
        try {
            dynamo.get().putItem(request(jti, keepUntil, attempt));
            return true;
        } catch (ConditionalCheckFailedException failed) {
            AttributeValue stored = failed.hasItem() ? failed.item().get(ATTEMPT) : null;
            return stored != null && attempt.equals(stored.s());
        } catch (RuntimeException e) {
            throw new ReplayStoreUnavailableException("replay table " + table + " unavailable: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    PutItemRequest request(String jti, Instant keepUntil, String attempt) {
        return PutItemRequest.builder()
                .tableName(table)
                .item(Map.of(
                        KEY, AttributeValue.fromS(jti),
                        TTL, AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond())),
                        ATTEMPT, AttributeValue.fromS(attempt)))
                .conditionExpression(FIRST_USE)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }
}
