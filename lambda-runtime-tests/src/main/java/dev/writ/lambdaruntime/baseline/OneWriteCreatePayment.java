package dev.writ.lambdaruntime.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.Field;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The latency floor of "one strict write before user code": {@link UnguardedCreatePayment} after
 * one conditional {@code PutItem} that it waits for, made with the guard's own lineage client
 * ({@link DynamoDbChainStore#defaultClient()}), into the lineage table ({@code WRIT_LINEAGE_TABLE}),
 * with an item of a verification record's attributes and the guard's condition. No writ, no
 * hashing, no chain head: what is left between it and the guarded function is Writ's own work.
 * With {@code WRIT_BENCH_FLOOR_BODY=streamed} it writes with the lineage client as it was before
 * issue 19's cut instead (the body streamed). With {@code WRIT_BENCH_FLOOR_PUTS=n} it makes n such
 * puts, one after the other, each waited for. Its answer carries each put's time as the function
 * saw it, in the header {@value #PUTS_HEADER}: {@code wall:cpu} nanoseconds (the handler thread's
 * CPU time) per put, comma-separated, so a bench can split the call without a profiler.
 * Benchmark only, not part of Writ. Lambda handler:
 * {@code dev.writ.lambdaruntime.baseline.OneWriteCreatePayment}.
 */
public class OneWriteCreatePayment implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final String TABLE = System.getenv("WRIT_LINEAGE_TABLE");
    private static final HexFormat HEX = HexFormat.of();
    /** Its own chain, so the writes never meet a guard's. */
    private static final String CHAIN = "payments-floor#" + HEX.formatHex(new SecureRandom().generateSeed(4));
    private static final DynamoDbClient DYNAMO = "streamed".equals(System.getenv("WRIT_BENCH_FLOOR_BODY"))
            ? streamedClient() : DynamoDbChainStore.defaultClient();
    private static final int PUTS = Integer.parseInt(System.getenv().getOrDefault("WRIT_BENCH_FLOOR_PUTS", "1"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The answer's header with each put's {@code wall:cpu} nanoseconds. */
    public static final String PUTS_HEADER = "X-Writ-Bench-Puts";

    private final UnguardedCreatePayment payment = new UnguardedCreatePayment();
    private final AtomicLong seq = new AtomicLong();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        StringJoiner times = new StringJoiner(",");
        for (int i = 0; i < PUTS; i++) {
            PutItemRequest put = PutItemRequest.builder()
                    .tableName(TABLE)
                    .item(item(context.getAwsRequestId()))
                    .conditionExpression(DynamoDbChainStore.CONDITION)
                    .expressionAttributeNames(Map.of("#seq", Field.SEQ))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            DYNAMO.putItem(put);
            times.add((System.nanoTime() - wall) + ":" + (THREADS.getCurrentThreadCpuTime() - cpu));
        }
        APIGatewayProxyResponseEvent response = payment.handleRequest(event, context);
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put(PUTS_HEADER, times.toString());
        return response.withHeaders(headers);
    }

    /**
     * The lineage client as it was before issue 19's cut ({@code WRIT_BENCH_FLOOR_BODY=streamed}): the
     * same URL-connection client and timeouts, no SDK retries, but the body streamed, so the JDK
     * probes the pooled connection for 1 ms before each {@code PutItem}.
     */
    private static DynamoDbClient streamedClient() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The attributes a guard's verification record has, with values of their usual sizes. */
    private Map<String, AttributeValue> item(String requestId) {
        String hex64 = HEX.formatHex(new byte[32]);
        return Map.ofEntries(
                Map.entry(Field.CHAIN, s(CHAIN)),
                Map.entry(Field.SEQ, AttributeValue.fromN(Long.toString(seq.incrementAndGet()))),
                Map.entry(Field.PREV, s(hex64)),
                Map.entry(Field.TYPE, s("verification")),
                Map.entry(Field.TS, AttributeValue.fromN(Long.toString(System.currentTimeMillis()))),
                Map.entry(Field.HASH, s(hex64)),
                Map.entry(Field.EXEC_ID.wire, s(requestId)),
                Map.entry(Field.TXN.wire, s(requestId)),
                Map.entry(Field.PRINCIPAL.wire, s("carla")),
                Map.entry(Field.FUNCTION.wire, s("payments-floor")),
                Map.entry(Field.ACTION.wire, s("CreatePayment")),
                Map.entry(Field.RESOURCE.wire, s("POST /payments")),
                Map.entry(Field.DECISION.wire, s("allow")),
                Map.entry(Field.BUNDLE.wire, s("payments-api@1#" + hex64)));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
