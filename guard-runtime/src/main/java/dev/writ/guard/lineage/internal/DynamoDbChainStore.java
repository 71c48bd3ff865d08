package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import dev.writ.core.internal.BufferedBodyHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Chains in one DynamoDB table. Conditional puts are the only writes ({@code PutItem}, and
 * {@code TransactWriteItems} of puts for a batch): there is no update or delete here, and IAM
 * grants writers nothing else.
 */
public final class DynamoDbChainStore implements ChainStore {
    public static final String CONDITION = "attribute_not_exists(#seq)";
    /** The cancellation reason code of a transaction item whose condition failed. */
    public static final String CONDITION_FAILED = "ConditionalCheckFailed";

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

    /**
     * The lineage client with {@code retries}: UrlConnection HTTP with short timeouts, request
     * bodies sent buffered ({@link BufferedBodyHttpClient}: no 1 ms connection probe per write).
     */
    public static DynamoDbClient client(software.amazon.awssdk.retries.api.RetryStrategy retries) {
        return configure(DynamoDbClient.builder(), retries).build();
    }

    static DynamoDbClientBuilder configure(DynamoDbClientBuilder builder, software.amazon.awssdk.retries.api.RetryStrategy retries) {
        return builder
                .httpClient(new BufferedBodyHttpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build()))
                .overrideConfiguration(c -> c.retryStrategy(retries));
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
            return Optional.of(storedAt(record, taken.item()));
        }
    }

    /**
     * One {@code TransactWriteItems} of conditional puts. A cancellation whose reasons name a failed
     * condition is a lost race (the record stored there comes back); any other cancellation (a
     * conflict with another transaction in flight, throttling, validation) is rethrown for
     * {@link StoreCalls} to retry or report, since nothing was written.
     */
    @Override
    public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records) {
        try {
            client.get().transactWriteItems(transactRequest(table, records));
            return Optional.empty();
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            for (int i = 0; i < reasons.size() && i < records.size(); i++) {
                if (CONDITION_FAILED.equals(reasons.get(i).code())) {
                    return Optional.of(storedAt(records.get(i), reasons.get(i).item()));
                }
            }
            throw cancelled;
        }
    }

    /** What is stored where {@code record} could not go: the ALL_OLD item, else read (strongly consistent). */
    private LineageRecord storedAt(LineageRecord record, Map<String, AttributeValue> old) {
        if (old != null && !old.isEmpty()) {
            return LineageItems.fromItem(old);
        }
        return get(record.chain(), record.seq()).orElseThrow(() -> new MalformedRecordException(
                "seq " + record.seq() + " of " + record.chain() + " failed its condition but holds no record"));
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

    public static TransactWriteItemsRequest transactRequest(String table, List<LineageRecord> records) {
        return TransactWriteItemsRequest.builder()
                .transactItems(records.stream().map(r -> TransactWriteItem.builder().put(Put.builder()
                        .tableName(table)
                        .item(LineageItems.toItem(r))
                        .conditionExpression(CONDITION)
                        .expressionAttributeNames(Map.of("#seq", Field.SEQ))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build()).toList())
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

    @Override
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
