package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One writer shared by the threads of a process (a guard serving concurrent requests, as
 * {@code writ dev} does), on DynamoDB Local: a deferred write of one thread whose response was lost
 * stays in doubt while other threads append to the same chain, so when its backlog sends it again
 * it is found stored and not written twice.
 */
class LineageInDoubtAcrossThreadsIT {
    private DynamoDbClient direct;
    private DynamoDbClient lossy;
    private String table;
    private LineageConfig config;
    private DynamoDbTestEnv.StoredChain orders;
    /** The threads whose writes reach DynamoDB and whose answers are then lost. */
    private final Set<Thread> losing = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void table() {
        direct = DynamoDbTestEnv.client();
        table = DynamoDbTestEnv.newTable(direct);
        lossy = LossyDynamoDb.client(() -> losing.contains(Thread.currentThread()));
        config = LineageConfig.builder().table(table).shards(1).shard(0).maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
        orders = new DynamoDbTestEnv.StoredChain(direct, table, config.chainFor("orders"));
    }

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        lossy.close();
    }

    @Test
    void anotherThreadsAppendInBetweenDoesNotMakeTheResentRecordsADuplicate() throws Exception {
        LineageWriter writer = LineageWriter.create(config, () -> lossy);
        LineageBacklog backlog = backlog(writer);
        backlog.defer(outcome("e1"));

        onThread(() -> {
            losing.add(Thread.currentThread());
            assertThatThrownBy(backlog::writePending).isInstanceOf(LineageUnavailableException.class);
            losing.remove(Thread.currentThread());
        });
        assertThat(orders.execIds()).as("the lost write landed").containsExactly("e1");
        onThread(() -> writer.append(verification("e2"))); // another request's record, on the same chain
        onThread(backlog::writePending);

        assertThat(backlog.size()).isZero();
        assertThat(orders.execIds()).containsExactly("e1", "e2");
        orders.assertLinked();
    }

    @Test
    void concurrentThreadsLosingAnswersStoreEveryRecordOnce() throws Exception {
        int threadCount = 4;
        int rounds = 3;
        LineageWriter writer = LineageWriter.create(config, () -> lossy);
        CyclicBarrier step = new CyclicBarrier(threadCount);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            String name = "t" + t;
            running.add(threads.submit(() -> {
                LineageBacklog backlog = backlog(writer);
                for (int r = 0; r < rounds; r++) {
                    // All threads lose the answers of their deferred writes at once, then each appends
                    // a record of its own, then each sends its backlog again.
                    backlog.defer(outcome(name + "-o" + r));
                    losing.add(Thread.currentThread());
                    backlog.writePendingOrFailure();
                    losing.remove(Thread.currentThread());
                    step.await();
                    appendUntilStored(writer, verification(name + "-v" + r));
                    step.await();
                    while (backlog.writePendingOrFailure().isPresent()) {
                        Thread.onSpinWait();
                    }
                    step.await();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }

        List<String> expected = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            for (int r = 0; r < rounds; r++) {
                expected.add("t" + t + "-o" + r);
                expected.add("t" + t + "-v" + r);
            }
        }
        assertThat(orders.execIds()).as("each record stored exactly once").containsExactlyInAnyOrderElementsOf(expected);
        orders.assertLinked();
    }

    /** The same draft until it is stored (a lost race for the seq is not a lost record). */
    private static void appendUntilStored(LineageWriter writer, LineageRecord.Draft draft) {
        while (true) {
            try {
                writer.append(draft);
                return;
            } catch (LineageUnavailableException e) {
                Thread.onSpinWait();
            }
        }
    }

    private void onThread(Runnable r) throws Exception {
        threads.submit(r).get(30, TimeUnit.SECONDS);
    }

    private LineageBacklog backlog(LineageWriter writer) {
        return new LineageBacklog(writer, Optional.empty(), new PrintStream(OutputStream.nullOutputStream()));
    }

    private static LineageRecord.Draft outcome(String execId) {
        return LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId(execId).decision("success").build();
    }

    private static LineageRecord.Draft verification(String execId) {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function("orders").execId(execId).decision("allow").build();
    }
}
