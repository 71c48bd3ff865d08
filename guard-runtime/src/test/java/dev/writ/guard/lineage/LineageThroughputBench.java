package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Chained appends per second against plain unconditional PutItem of the same items on the same
 * table, measured back to back in one run, for 1 and 8 writers over 1, 4 and 16 shards. A
 * scripted benchmark (network-bound, so JMH adds nothing): see guard-runtime/bench/README.md.
 * Not a test; run it by hand against DynamoDB Local.
 */
public final class LineageThroughputBench {
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 6));

    public static void main(String[] args) throws Exception {
        try (DynamoDbClient ddb = DynamoDbTestEnv.client()) {
            String table = DynamoDbTestEnv.newTable(ddb);
            System.out.println("| writers | shards | chained appends/s | plain PutItem/s | ratio |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int writers : new int[] {1, 8}) {
                for (int shards : new int[] {1, 4, 16}) {
                    String fn = "bench" + writers + "x" + shards;
                    double plain = rate(writers, w -> {
                        LineageRecord r = LineageRecord.seal("plain-" + fn + "#" + w, 0, LineageHash.ZERO_HEX, draft(fn));
                        long[] seq = {0};
                        return () -> {
                            LineageRecord next = LineageRecord.seal(r.chain(), seq[0]++, r.prev(), draft(fn));
                            ddb.putItem(PutItemRequest.builder().tableName(table).item(LineageItems.toItem(next)).build());
                        };
                    });
                    double chained = rate(writers, w -> {
                        LineageWriter lw = LineageWriter.create(LineageConfig.builder().table(table).shards(shards)
                                .shard(w % shards).maxConflicts(10_000).build(), () -> ddb);
                        return () -> lw.append(draft(fn));
                    });
                    System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.2f |%n", writers, shards, chained, plain, chained / plain);
                }
            }
        }
    }

    private static LineageRecord.Draft draft(String fn) {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function(fn).execId("01HZX3K9QY8W5T2M6N4P7R1S0V")
                .principal("alice").action("Action::\"read\"").resource("Order::\"42\"").decision("allow")
                .bundle("orders@7#9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").build();
    }

    private static double rate(int writers, java.util.function.IntFunction<Runnable> op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean stop = new AtomicBoolean(false);
            List<Future<Long>> counts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Runnable r = op.apply(w);
                counts.add(pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        r.run();
                        if (measuring.get()) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            Thread.sleep(WARMUP.toMillis());
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(MEASURE.toMillis());
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            return total / seconds;
        } finally {
            pool.shutdownNow();
        }
    }
}
