package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Chains in one DynamoDB table. PutItem is the only write: there is no update or delete here,
 * and IAM grants writers nothing else.
 */
public final class DynamoDbChainStore implements ChainStore {
    public static final String CONDITION = "attribute_not_exists(#seq)";

    private final String table;
    private final Supplier<DynamoDbClient> client;

    /** {@code client} is called on first use only, so no SDK client is built before the first append. */
    public DynamoDbChainStore(String table, Supplier<DynamoDbClient> client) {
        this.table = table;
        this.client = memoize(client);
    }

    /**
     * The client lineage uses by default: UrlConnection HTTP (cheap cold start), region,
     * credentials and endpoint ({@code AWS_ENDPOINT_URL_DYNAMODB}) from the environment, and no SDK
     * retries, because the writer retries with its own bounded strategy and counts attempts once.
     */
    public static DynamoDbClient defaultClient() {
        return client(AwsRetryStrategy.doNotRetry());
    }

    /** The lineage client with {@code retries}: UrlConnection HTTP with short timeouts. */
    public static DynamoDbClient client(software.amazon.awssdk.retries.api.RetryStrategy retries) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(retries))
                .build();
    }

    @Override
    public Optional<LineageRecord> head(String chain) {
        QueryRequest query = chainQuery(chain).scanIndexForward(false).limit(1).build();
        return client.get().query(query).items().stream().findFirst().map(LineageItems::fromItem);
    }

    @Override
    public Optional<LineageRecord> putIfAbsent(LineageRecord record) {
        try {
            client.get().putItem(putRequest(table, record));
            return Optional.empty();
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> winner = taken.item();
            if (winner == null || winner.isEmpty()) {
                // ALL_OLD returns the winner; should an endpoint not, read it (strongly consistent).
                winner = client.get().getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                        Field.CHAIN, LineageItems.s(record.chain()), Field.SEQ, LineageItems.n(record.seq())))).item();
            }
            return Optional.of(LineageItems.fromItem(winner));
        }
    }

    public static PutItemRequest putRequest(String table, LineageRecord record) {
        return PutItemRequest.builder()
                .tableName(table)
                .item(LineageItems.toItem(record))
                .conditionExpression(CONDITION)
                .expressionAttributeNames(Map.of("#seq", Field.SEQ))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    @Override
    public Iterator<LineageRecord> records(String chain) {
        Iterator<Map<String, AttributeValue>> items =
                client.get().queryPaginator(chainQuery(chain).scanIndexForward(true).build()).items().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public LineageRecord next() {
                return LineageItems.fromItem(items.next());
            }
        };
    }

    /** The record stored at (chain, seq), strongly consistent. */
    public Optional<LineageRecord> get(String chain, long seq) {
        Map<String, AttributeValue> item = client.get().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Field.CHAIN, LineageItems.s(chain), Field.SEQ, LineageItems.n(seq)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LineageItems.fromItem(item));
    }

    private QueryRequest.Builder chainQuery(String chain) {
        return QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#chain = :chain")
                .expressionAttributeNames(Map.of("#chain", Field.CHAIN))
                .expressionAttributeValues(Map.of(":chain", LineageItems.s(chain)));
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = s.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
