package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Chained appends per second against plain unconditional PutItem of the same items on the same
 * table, for 1 and 8 writers over 1, 4 and 16 shards: single appends ({@code append}, one record
 * per request) and batched ones ({@code appendAll} of {@code bench.batch} records, one
 * TransactWriteItems). The three are measured interleaved, in {@code bench.rounds} rounds whose
 * order alternates, and averaged, so machine drift hits them alike. A scripted benchmark
 * (network-bound, so JMH adds nothing): see guard-runtime/bench/README.md. Not a test; run it by
 * hand against DynamoDB Local.
 */
public final class LineageThroughputBench {
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 6));
    private static final int BATCH = Integer.getInteger("bench.batch", 10);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);

    public static void main(String[] args) throws Exception {
        try (DynamoDbClient ddb = DynamoDbTestEnv.client()) {
            String table = DynamoDbTestEnv.newTable(ddb);
            System.out.printf(Locale.ROOT, "| writers | shards | plain PutItem/s | chained appends/s | batched (%d) records/s"
                    + " | chained ÷ plain | batched ÷ plain |%n", BATCH);
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (int writers : new int[] {1, 8}) {
                for (int shards : new int[] {1, 4, 16}) {
                    double[] sum = new double[3];
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int k = 0; k < 3; k++) {
                            int column = round % 2 == 0 ? k : 2 - k;
                            String fn = "bench" + writers + "x" + shards + "r" + round + "c" + column;
                            sum[column] += rate(writers, column(column, ddb, table, fn, shards));
                        }
                    }
                    double plain = sum[0] / ROUNDS;
                    double chained = sum[1] / ROUNDS;
                    double batched = sum[2] / ROUNDS;
                    System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f | %.2f | %.2f |%n",
                            writers, shards, plain, chained, batched, chained / plain, batched / plain);
                }
            }
        }
    }

    /** Writer {@code w}'s operation for a column; it returns how many records it stored. */
    private static IntFunction<IntSupplier> column(int column, DynamoDbClient ddb, String table, String fn, int shards) {
        return switch (column) {
            case 0 -> w -> {
                LineageRecord r = LineageRecord.seal("plain-" + fn + "#" + w, 0, LineageHash.ZERO_HEX, draft(fn));
                long[] seq = {0};
                return () -> {
                    LineageRecord next = LineageRecord.seal(r.chain(), seq[0]++, r.prev(), draft(fn));
                    ddb.putItem(PutItemRequest.builder().tableName(table).item(LineageItems.toItem(next)).build());
                    return 1;
                };
            };
            case 1 -> w -> {
                LineageWriter lw = writer(ddb, table, shards, w);
                return () -> {
                    lw.append(draft(fn));
                    return 1;
                };
            };
            default -> w -> {
                LineageWriter lw = writer(ddb, table, shards, w);
                return () -> lw.appendAll(Collections.nCopies(BATCH, draft(fn))).size();
            };
        };
    }

    private static LineageWriter writer(DynamoDbClient ddb, String table, int shards, int w) {
        return LineageWriter.create(LineageConfig.builder().table(table).shards(shards).shard(w % shards)
                .maxConflicts(10_000).build(), () -> ddb);
    }

    private static LineageRecord.Draft draft(String fn) {
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).function(fn).execId("01HZX3K9QY8W5T2M6N4P7R1S0V")
                .principal("alice").action("Action::\"read\"").resource("Order::\"42\"").decision("allow")
                .bundle("orders@7#9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").build();
    }

    /**
     * Records stored per second by {@code writers} threads within the measuring window. Appends
     * still running when it closes are interrupted rather than awaited: a writer that lost many
     * races can be far behind the head and would take long to finish.
     */
    private static double rate(int writers, IntFunction<IntSupplier> op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        LongAdder stored = new LongAdder();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            for (int w = 0; w < writers; w++) {
                IntSupplier r = op.apply(w);
                pool.execute(() -> {
                    try {
                        while (!stop.get()) {
                            int n = r.getAsInt();
                            if (measuring.get()) {
                                stored.add(n);
                            }
                        }
                    } catch (RuntimeException e) {
                        if (!stop.get()) {
                            failure.compareAndSet(null, e);
                        }
                    }
                });
            }
            Thread.sleep(WARMUP.toMillis());
            long start = System.nanoTime();
            measuring.set(true);
            Thread.sleep(MEASURE.toMillis());
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            long total = stored.sum();
            if (failure.get() != null) {
                throw failure.get();
            }
            return total / seconds;
        } finally {
            stop.set(true);
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
