package dev.writ.bench;

import dev.writ.core.internal.AwsClients;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.guard.replay.DynamoDbReplayStore;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The single-use check's conditional {@code PutItem} in the replay table, against the DynamoDB that
 * {@code AWS_ENDPOINT_URL_DYNAMODB} names (DynamoDB Local from {@code scripts/emulators start}), two
 * ways, interleaved (the order alternates every round), each on its own kept-alive connection:
 * {@code streamed}, the URL-connection client as the replay store had it before (the JDK probes the
 * pooled connection for 1 ms before each streamed {@code POST}), and {@code buffered}, the replay
 * store's client now ({@link DefaultDynamoDb#lazy()}). Every put consumes a new writ id.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp CLASSPATH dev.writ.bench.ReplayPutMeasure [rounds]
 * </pre>
 */
public final class ReplayPutMeasure {

    private static final String[] WAYS = {"streamed (URL-connection client as before)", "buffered (the replay store's client)"};

    private ReplayPutMeasure() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmup = Math.max(300, rounds / 4);
        String table = "writ-replay-measure-" + UUID.randomUUID();
        Supplier<DynamoDbClient> streamed = AwsClients.lazy(http -> DynamoDbClient.builder().httpClient(http).build());
        Supplier<DynamoDbClient> buffered = DefaultDynamoDb.lazy();
        buffered.get().createTable(DynamoDbReplayStore.tableDefinition(table));
        buffered.get().waiter().waitUntilTableExists(r -> r.tableName(table));
        DynamoDbReplayStore[] stores = {new DynamoDbReplayStore(streamed, table), new DynamoDbReplayStore(buffered, table)};
        RoundTimes wall = new RoundTimes(rounds, WAYS);
        Instant keepUntil = Instant.now().plusSeconds(3600);
        for (int round = -warmup; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                int way = Math.floorMod(k + round, 2);
                String jti = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                if (!stores[way].consume(jti, keepUntil)) {
                    throw new IllegalStateException("a new writ id was reported as a replay");
                }
                long w = System.nanoTime() - t0;
                if (round >= 0) {
                    wall.put(way, round, w);
                }
            }
        }
        System.out.printf("%n%d interleaved rounds (+%d warm-up), one consuming PutItem each way per round, ms%n%n", rounds, warmup);
        System.out.println(RoundTimes.header("replay table PutItem"));
        for (int way = 0; way < 2; way++) {
            System.out.println(wall.row(way));
        }
        System.out.println();
        System.out.println(wall.ratio("streamed / buffered", 0, 1));
        buffered.get().deleteTable(b -> b.tableName(table));
    }
}
