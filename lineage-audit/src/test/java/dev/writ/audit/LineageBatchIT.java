package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.testsupport.Emulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Batched appends ({@code LineageWriter.appendAll}) against DynamoDB Local, verified by the auditors' verifier. */
class LineageBatchIT {
    /** Operation names of the requests this test's client sent, one per attempt. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final DynamoDbClient ddb = countingClient();
    private final String table = DynamoDbTestEnv.newTable(ddb);

    /** The emulator's client as the lineage writer's default is: no SDK retries (the writer's own bound decides). */
    private DynamoDbClient countingClient() {
        Emulators.require("DYNAMODB");
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                                sent.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                            }
                        }))
                .build();
    }

    @AfterEach
    void close() {
        ddb.close();
    }

    private LineageWriter writer(int shard) {
        return LineageWriter.create(LineageConfig.builder().table(table).shards(1).shard(shard).maxConflicts(10_000)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(20)).build(), () -> ddb);
    }

    private static LineageRecord.Draft draft(String execId) {
        return LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId(execId).principal("alice")
                .decision("success").reason("duration_ms=3").build();
    }

    private static List<LineageRecord.Draft> drafts(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> draft(prefix + i)).toList();
    }

    private LineageAudit audit() {
        return LineageAudit.create(LineageConfig.builder().table(table).build(), () -> ddb, Optional.empty());
    }

    private List<LineageRecord> stored(String chain) {
        List<LineageRecord> out = new ArrayList<>();
        audit().store().records(chain).forEachRemaining(out::add);
        return out;
    }

    private void assertIntact(long records) {
        List<ChainVerdict> verdicts = audit().verifyAll(VerifyProgress.none());
        assertThat(verdicts).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());
        assertThat(verdicts.stream().mapToLong(ChainVerdict::recordsVerified).sum()).isEqualTo(records);
    }

    @Test
    void aBatchIsOneTransactWriteItemsAndTheNextOneNeedsNoHeadRead() {
        sent.clear();
        LineageWriter w = writer(0);

        List<LineageRecord> first = w.appendAll(drafts("a", 10));
        assertThat(sent).containsExactly("Query", "TransactWriteItems");
        sent.clear();
        List<LineageRecord> second = w.appendAll(drafts("b", 10));

        assertThat(sent).containsExactly("TransactWriteItems");
        assertThat(second.get(0).prev()).isEqualTo(first.get(9).hash());
        List<LineageRecord> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(stored("orders#0")).containsExactlyElementsOf(all);
        assertIntact(20);
    }

    @Test
    void oneDraftIsStillOnePutItem() {
        LineageWriter w = writer(0);
        w.append(draft("warm"));
        sent.clear();

        w.appendAll(drafts("one", 1));
        w.append(draft("single"));

        assertThat(sent).containsExactly("PutItem", "PutItem");
        assertIntact(3);
    }

    @Test
    void overAHundredRecordsAreSplitIntoLinkedTransactionsOfAHundred() {
        sent.clear();

        List<LineageRecord> out = writer(0).appendAll(drafts("s", 250));

        assertThat(sent).containsExactly("Query", "TransactWriteItems", "TransactWriteItems", "TransactWriteItems");
        assertThat(out).extracting(LineageRecord::seq).containsExactlyElementsOf(IntStream.range(0, 250).mapToObj(i -> (long) i).toList());
        assertIntact(250);
    }

    @Test
    void aMalformedDraftRefusesTheBatchBeforeAnyRequest() {
        List<LineageRecord.Draft> batch = new ArrayList<>(drafts("m", 5));
        batch.add(LineageRecord.draft(LineageRecord.Type.DENIAL).decision("deny").build()); // no function: no chain
        sent.clear();

        assertThatThrownBy(() -> writer(0).appendAll(batch)).isInstanceOf(IllegalArgumentException.class);

        assertThat(sent).isEmpty();
        assertThat(audit().chains()).isEmpty();
    }

    @Test
    void aTakenSeqInsideABatchCancelsAllOfItNothingIsWritten() {
        DynamoDbChainStore store = new DynamoDbChainStore(table, () -> ddb);
        List<LineageRecord> batch = new ArrayList<>();
        String prev = LineageHash.ZERO_HEX;
        for (int i = 0; i < 10; i++) {
            LineageRecord r = LineageRecord.seal("orders#0", i, prev, draft("t" + i));
            batch.add(r);
            prev = r.hash();
        }
        LineageRecord squatter = LineageRecord.seal("orders#0", 5, LineageHash.ZERO_HEX, draft("squatter"));
        assertThat(store.putIfAbsent(squatter)).isEmpty();

        assertThat(store.putAllIfAbsent(batch)).contains(squatter);
        assertThat(stored("orders#0")).containsExactly(squatter);

        // And a taken first seq returns what is stored there: the winner of the race.
        LineageRecord winner = LineageRecord.seal("orders#0", 0, LineageHash.ZERO_HEX, draft("winner"));
        assertThat(store.putIfAbsent(winner)).isEmpty();
        assertThat(store.putAllIfAbsent(batch)).contains(winner);
        assertThat(stored("orders#0")).containsExactly(winner, squatter);
    }

    @Test
    void concurrentBatchAndSingleWritersOnOneChainLeaveOneGaplessForklessChain() throws Exception {
        int batchWriters = 6;
        int singleWriters = 2;
        int batches = 20;
        int perBatch = 10;
        int singles = 60;
        ExecutorService pool = Executors.newFixedThreadPool(batchWriters + singleWriters);
        List<LineageRecord> appended = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < batchWriters; w++) {
                LineageWriter lw = writer(0);
                String id = "b" + w + "-";
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        appended.addAll(lw.appendAll(drafts(id + b + "-", perBatch)));
                    }
                    return null;
                }));
            }
            for (int w = 0; w < singleWriters; w++) {
                LineageWriter lw = writer(0);
                String id = "s" + w + "-";
                done.add(pool.submit(() -> {
                    for (int i = 0; i < singles; i++) {
                        appended.add(lw.append(draft(id + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long total = (long) batchWriters * batches * perBatch + (long) singleWriters * singles;
        assertIntact(total);
        List<LineageRecord> chain = stored("orders#0");
        assertThat(chain).hasSize((int) total);
        Set<String> execIds = new HashSet<>();
        chain.forEach(r -> assertThat(execIds.add(r.execId().orElseThrow())).as("duplicate %s", r).isTrue());
        assertThat(chain).containsExactlyInAnyOrderElementsOf(appended);
        // Each batch went in whole and in order: its records sit at consecutive seqs.
        for (int i = 0; i < appended.size(); i++) {
            String id = appended.get(i).execId().orElseThrow();
            if (id.startsWith("b") && !id.endsWith("-0")) {
                assertThat(appended.get(i).seq()).as(id).isEqualTo(appended.get(i - 1).seq() + 1);
            }
        }
    }
}
