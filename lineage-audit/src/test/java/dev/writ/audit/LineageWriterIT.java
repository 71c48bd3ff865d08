package dev.writ.audit;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.lineage.DynamoDbTestEnv;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.VerifyProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The append algorithm against DynamoDB Local over HTTP. */
class LineageWriterIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();
    private static final int WRITERS = 16;
    private static final int APPENDS = 500;

    @AfterAll
    static void close() {
        DDB.close();
    }

    private static LineageRecord.Draft draft(String execId) {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function("orders").execId(execId).principal("alice").build();
    }

    @Test
    void conflictingPutReallyFailsAndReturnsTheWinner() {
        String table = DynamoDbTestEnv.newTable(DDB);
        DynamoDbChainStore store = new DynamoDbChainStore(table, () -> DDB);
        LineageRecord first = LineageRecord.seal("orders#0", 0, LineageHash.ZERO_HEX, draft("first"));
        LineageRecord second = LineageRecord.seal("orders#0", 0, LineageHash.ZERO_HEX, draft("second"));

        assertThat(store.putIfAbsent(first)).isEmpty();
        assertThat(store.putIfAbsent(second)).contains(first);

        Map<String, AttributeValue> stored = DDB.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("chain", LineageItems.s("orders#0"), "seq", LineageItems.n(0)))).item();
        assertThat(LineageItems.fromItem(stored)).isEqualTo(first);
    }

    @Test
    void sixteenWritersOnOneChainLeaveOneGaplessForklessChain() throws Exception {
        String table = DynamoDbTestEnv.newTable(DDB);
        List<LineageRecord> appended = runWriters(w -> LineageConfig.builder().table(table).shards(1).shard(0));

        LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB, Optional.empty());
        assertThat(audit.chains()).containsExactly("orders#0");
        assertAllStoredIntactAndExact(audit, appended);
    }

    @Test
    void sixteenWritersOverFourShardsLeaveFourIntactChains() throws Exception {
        String table = DynamoDbTestEnv.newTable(DDB);
        List<LineageRecord> appended = runWriters(w -> LineageConfig.builder().table(table).shards(4).shard(w % 4));

        LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB, Optional.empty());
        assertThat(audit.chains()).containsExactly("orders#0", "orders#1", "orders#2", "orders#3");
        assertAllStoredIntactAndExact(audit, appended);
    }

    private static List<LineageRecord> runWriters(java.util.function.IntFunction<LineageConfig.Builder> config)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<List<LineageRecord>>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                // Contention on one chain is the worst case: allow many lost races, back off briefly.
                LineageWriter lw = LineageWriter.create(config.apply(w).maxConflicts(10_000)
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(20)).build(), () -> DDB);
                futures.add(pool.submit(() -> {
                    List<LineageRecord> mine = new ArrayList<>();
                    for (int i = 0; i < APPENDS; i++) {
                        mine.add(lw.append(draft("w" + writer + "-" + i)));
                    }
                    return mine;
                }));
            }
            List<LineageRecord> all = new ArrayList<>();
            for (Future<List<LineageRecord>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertAllStoredIntactAndExact(LineageAudit audit, List<LineageRecord> appended) {
        List<ChainVerdict> verdicts = audit.verifyAll(VerifyProgress.none());
        assertThat(verdicts).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());
        long stored = verdicts.stream().mapToLong(ChainVerdict::recordsVerified).sum();
        assertThat(stored).isEqualTo((long) WRITERS * APPENDS);

        // Every append is stored exactly once, where the writer said, and nothing else is.
        Set<String> execIds = new HashSet<>();
        Set<String> positions = new HashSet<>();
        for (String chain : audit.chains()) {
            audit.store().records(chain).forEachRemaining(r -> {
                assertThat(execIds.add(r.execId().orElseThrow())).as("duplicate %s", r).isTrue();
                positions.add(r.chain() + "/" + r.seq() + "/" + r.hash());
            });
        }
        assertThat(execIds).hasSize(WRITERS * APPENDS);
        assertThat(appended).allSatisfy(r -> assertThat(positions).contains(r.chain() + "/" + r.seq() + "/" + r.hash()));
    }

    @Test
    void unreachableTableIsATypedFailureAfterBoundedAttempts() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        LineageWriter w = LineageWriter.create(LineageConfig.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build(),
                () -> DynamoDbClient.builder()
                        .endpointOverride(nowhere)
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build());

        assertThatThrownBy(() -> w.append(draft("e1")))
                .isInstanceOfSatisfying(LineageUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LineageUnavailableException.ReasonCode.UNREACHABLE);
                    assertThat(e.chain()).startsWith("orders#");
                });
    }
}
