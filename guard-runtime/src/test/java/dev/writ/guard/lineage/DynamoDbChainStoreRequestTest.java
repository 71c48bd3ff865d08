package dev.writ.guard.lineage;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;


import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * What the SDK is about to send, captured just before transmission (after every builder copy and
 * interceptor): the condition must really be in the request and on the wire. SDK requests are
 * immutable, so a dropped {@code toBuilder()} result would silently lose it.
 */
class DynamoDbChainStoreRequestTest {

    private final List<SdkRequest> requests = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    private DynamoDbClient capturingClient() {
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.add(context.request());
                bodies.add(context.requestBody().map(b -> {
                    try (InputStream in = b.contentStreamProvider().newStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).orElse(""));
                throw new CapturedException();
            }
        };
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:9")) // never contacted: the interceptor stops the call
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(capture).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void putCarriesAttributeNotExistsAndAllOldOnTheWire() {
        DynamoDbChainStore store = new DynamoDbChainStore("writ-lineage", this::capturingClient);
        LineageRecord r = LineageRecord.seal("orders#1", 7, "ab".repeat(32), LineageRecordTest.sampleDraft());

        Throwable t = catchThrowable(() -> store.putIfAbsent(r));

        assertThat(t).isInstanceOf(CapturedException.class);
        assertThat(requests).hasSize(1);
        PutItemRequest sent = (PutItemRequest) requests.get(0);
        assertThat(sent.conditionExpression()).isEqualTo("attribute_not_exists(#seq)");
        assertThat(sent.expressionAttributeNames()).containsExactlyEntriesOf(java.util.Map.of("#seq", "seq"));
        assertThat(sent.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(sent.item()).containsKeys("chain", "seq", "prev", "hash").doesNotContainKey("txn");
        assertThat(bodies.get(0))
                .contains("\"ConditionExpression\":\"attribute_not_exists(#seq)\"")
                .contains("\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"");
    }

    @Test
    void batchIsOneTransactionOfConditionalPutsInOrderOnTheWire() {
        DynamoDbChainStore store = new DynamoDbChainStore("writ-lineage", this::capturingClient);
        LineageRecord a = LineageRecord.seal("orders#1", 7, "ab".repeat(32), LineageRecordTest.sampleDraft());
        LineageRecord b = LineageRecord.seal("orders#1", 8, a.hash(), LineageRecordTest.sampleDraft());

        Throwable t = catchThrowable(() -> store.putAllIfAbsent(java.util.List.of(a, b)));

        assertThat(t).isInstanceOf(CapturedException.class);
        assertThat(requests).hasSize(1);
        TransactWriteItemsRequest sent = (TransactWriteItemsRequest) requests.get(0);
        assertThat(sent.transactItems()).hasSize(2).allSatisfy(item -> {
            assertThat(item.put().conditionExpression()).isEqualTo("attribute_not_exists(#seq)");
            assertThat(item.put().expressionAttributeNames()).containsExactlyEntriesOf(java.util.Map.of("#seq", "seq"));
            assertThat(item.put().returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
            assertThat(item.put().tableName()).isEqualTo("writ-lineage");
        });
        assertThat(sent.transactItems()).extracting(i -> i.put().item().get("seq").n()).containsExactly("7", "8");
        assertThat(sent.transactItems().get(1).put().item().get("prev").s()).isEqualTo(a.hash());
        assertThat(bodies.get(0)).contains("\"ConditionExpression\":\"attribute_not_exists(#seq)\"");
    }

    @Test
    void headQueryIsStronglyConsistentDescendingLimitOne() {
        DynamoDbChainStore store = new DynamoDbChainStore("writ-lineage", this::capturingClient);

        Throwable t = catchThrowable(() -> store.head("orders#1"));

        assertThat(t).isInstanceOf(CapturedException.class);
        assertThat(requests).hasSize(1);
        QueryRequest sent = (QueryRequest) requests.get(0);
        assertThat(sent.consistentRead()).isTrue();
        assertThat(sent.scanIndexForward()).isFalse();
        assertThat(sent.limit()).isEqualTo(1);
        assertThat(bodies.get(0)).contains("\"ConsistentRead\":true").contains("\"ScanIndexForward\":false");
    }

    private static final class CapturedException extends RuntimeException {
    }
}
