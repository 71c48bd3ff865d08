package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Deferred records sent again after a write whose every response was lost (the write itself
 * landed in DynamoDB Local) are stored once: the backlog keeps them, the next write finds them
 * stored and appends only what is new, with or without a remembered head.
 */
class LineageRetryIT {
    private DynamoDbClient direct;
    private DynamoDbClient lossy;
    private String table;
    private volatile boolean losingResponses;
    private LineageConfig config;

    /** Lets every request reach DynamoDB, and while {@link #losingResponses}, fails each write after its answer came. */
    private final class LosesResponses implements ExecutionInterceptor {
        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (losingResponses && (context.request() instanceof PutItemRequest || context.request() instanceof TransactWriteItemsRequest)) {
                throw SdkClientException.builder().message("Read timed out (the response is lost; the request was served)")
                        .cause(new java.net.SocketTimeoutException("Read timed out")).build();
            }
            return context.httpResponse();
        }
    }

    @BeforeEach
    void table() {
        direct = DynamoDbTestEnv.client();
        table = DynamoDbTestEnv.newTable(direct);
        lossy = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(new LosesResponses()))
                .build();
        config = LineageConfig.builder().table(table).shards(1).shard(0).maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    @AfterEach
    void close() {
        lossy.close();
    }

    private LineageBacklog backlog(LineageWriter writer) {
        return new LineageBacklog(writer, Optional.empty(), new PrintStream(OutputStream.nullOutputStream()));
    }

    private static LineageRecord.Draft outcome(String execId) {
        return LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId(execId).decision("success").build();
    }

    /** Defers the drafts and writes them with every response lost: they landed, the writer could not know. */
    private void writeLosingEveryResponse(LineageBacklog backlog, String... execIds) {
        for (String e : execIds) {
            backlog.defer(outcome(e));
        }
        losingResponses = true;
        assertThatThrownBy(backlog::writePending).isInstanceOf(LineageUnavailableException.class);
        losingResponses = false;
        assertThat(backlog.size()).as("kept: the writer cannot tell they landed").isEqualTo(execIds.length);
        assertThat(execIds()).as("yet they are stored").endsWith(execIds);
    }

    @Test
    void aBatchThatLandedUnseenIsNotStoredAgainByAWriterThatMustReadTheHead() {
        LineageBacklog backlog = backlog(LineageWriter.create(config, () -> lossy));
        writeLosingEveryResponse(backlog, "e1", "e2");

        backlog.defer(outcome("e3"));
        backlog.writePending();

        assertThat(backlog.size()).isZero();
        assertThat(execIds()).containsExactly("e1", "e2", "e3");
        assertLinked();
    }

    @Test
    void aBatchThatLandedUnseenAfterARememberedHeadIsNotStoredAgainAndWhatFollowsItIsStored() {
        LineageWriter writer = LineageWriter.create(config, () -> lossy);
        writer.append(outcome("e0")); // the writer now remembers seq 0 as its head
        LineageBacklog backlog = backlog(writer);
        writeLosingEveryResponse(backlog, "e1", "e2");

        backlog.defer(outcome("e3"));
        backlog.writePending();
        writer.append(outcome("e4"));

        assertThat(backlog.size()).isZero();
        assertThat(execIds()).containsExactly("e0", "e1", "e2", "e3", "e4");
        assertLinked();
    }

    @Test
    void aSingleRecordThatLandedUnseenIsNotStoredAgain() {
        LineageBacklog backlog = backlog(LineageWriter.create(config, () -> lossy));
        writeLosingEveryResponse(backlog, "e1");

        backlog.defer(outcome("e2"));
        backlog.writePending();

        assertThat(execIds()).containsExactly("e1", "e2");
        assertLinked();
    }

    private List<LineageRecord> chain() {
        return direct.query(q -> q.tableName(table).consistentRead(true).keyConditionExpression("chain = :c")
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(config.chainFor("orders")))))
                .items().stream().map(LineageRecord::fromItem).toList();
    }

    private List<String> execIds() {
        return chain().stream().map(r -> r.execId().orElseThrow()).toList();
    }

    /** Seq 0..n-1 with no gap, every hash valid, every prev the hash of the record before. */
    private void assertLinked() {
        List<LineageRecord> c = chain();
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.get(i).seq()).isEqualTo(i);
            assertThat(c.get(i).hashIsValid()).isTrue();
            assertThat(c.get(i).prev()).isEqualTo(i == 0 ? "0".repeat(64) : c.get(i - 1).hash());
        }
    }
}
