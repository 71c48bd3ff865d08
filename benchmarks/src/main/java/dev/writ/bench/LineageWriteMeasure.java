package dev.writ.bench;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.LineageHash;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the guard's one write before user code spends its time, client side against server side:
 * the verification record's conditional {@code PutItem} to the DynamoDB that
 * {@code AWS_ENDPOINT_URL_DYNAMODB} names (DynamoDB Local from {@code scripts/emulators start}), three
 * ways, interleaved (the order rotates every round), each on its own kept-alive connection and chain:
 * <ul>
 *   <li>{@code streamed}: the SDK with the URL-connection client as lineage had it before issue 19's
 *       cut (the body streamed, so the JDK probes the pooled connection for 1 ms first);</li>
 *   <li>{@code buffered}: the lineage client, {@link DynamoDbChainStore#defaultClient()};</li>
 *   <li>{@code raw}: the bytes the SDK would send for the same record (signed headers and body,
 *       marshalled and signed untimed), written to a socket in one write and the answer read: the
 *       server's time and the loopback's, with next to no client.</li>
 * </ul>
 * With a second argument, {@code gapMillis}, two more ways: buffered and raw again, each after the
 * measuring thread slept that long, so every process involved is idle when the put starts (as
 * when a function is invoked after a pause) rather than busy with the put before.
 * The record's own work before the put (draft, JCS, hashes, item) is {@link LineageRecordBenchmark}'s.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.writ.bench.LineageWriteMeasure [rounds [gapMillis]]
 * </pre>
 */
public final class LineageWriteMeasure {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] WAYS = {"streamed (URL-connection client as before)", "buffered (the lineage client)",
        "raw (the SDK's bytes, one socket write)"};
    private static final int STREAMED = 0;
    private static final int BUFFERED = 1;
    private static final int RAW = 2;

    private LineageWriteMeasure() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int gapMillis = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int warmup = Math.max(300, rounds / 4);
        URI endpoint = URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
        String table = "writ-lineage-measure-" + UUID.randomUUID();
        // Ways 3 and 4, with a gap: buffered and raw again, each after the measuring thread slept gapMillis.
        String[] names = gapMillis == 0 ? WAYS : new String[] {WAYS[STREAMED], WAYS[BUFFERED], WAYS[RAW],
            "buffered, after an idle gap of " + gapMillis + " ms", "raw, after an idle gap of " + gapMillis + " ms"};
        try (DynamoDbClient buffered = DynamoDbChainStore.defaultClient();
                DynamoDbClient streamed = DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                                .socketTimeout(Duration.ofSeconds(5)).build())
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
                SignedBytes signer = new SignedBytes();
                RawConnection raw = new RawConnection(endpoint)) {
            LineageTable.create(buffered, table);
            int ways = names.length;
            Chain[] chains = new Chain[ways];
            for (int way = 0; way < ways; way++) {
                chains[way] = new Chain("way" + way);
            }
            RoundTimes wall = new RoundTimes(rounds, names);
            long[][] cpu = new long[ways][rounds];
            for (int round = -warmup; round < rounds; round++) {
                for (int k = 0; k < ways; k++) {
                    int way = Math.floorMod(k + round, ways);
                    int client = way < 3 ? way : way == 3 ? BUFFERED : RAW;
                    LineageRecord r = chains[way].next();
                    byte[] request = client == RAW ? signer.bytes(table, r) : null;
                    if (way >= 3) {
                        Thread.sleep(gapMillis);
                    }
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    switch (client) {
                        case STREAMED -> streamed.putItem(DynamoDbChainStore.putRequest(table, r));
                        case BUFFERED -> buffered.putItem(DynamoDbChainStore.putRequest(table, r));
                        default -> raw.post(request);
                    }
                    long w = System.nanoTime() - t0;
                    if (round >= 0) {
                        wall.put(way, round, w);
                        cpu[way][round] = THREADS.getCurrentThreadCpuTime() - c0;
                    }
                }
            }
            System.out.printf("%n%d interleaved rounds (+%d warm-up), one PutItem each way per round, ms%n%n", rounds, warmup);
            System.out.println(RoundTimes.header("PutItem of a verification record", "client thread CPU p50"));
            for (int way = 0; way < ways; way++) {
                System.out.println(wall.row(way, String.format(Locale.ROOT, "%.3f", RoundTimes.percentile(cpu[way], 50) / 1e6)));
            }
            System.out.println();
            System.out.println(wall.ratio("streamed / buffered", STREAMED, BUFFERED));
            if (gapMillis > 0) {
                System.out.println(wall.ratio("buffered after a gap / buffered", 3, BUFFERED));
                System.out.println(wall.ratio("raw after a gap / raw", 4, RAW));
            }
            buffered.deleteTable(b -> b.tableName(table));
        }
    }

    /** The attributes the guard's verification record has, values of their usual sizes. */
    static LineageRecord.Draft draft() {
        String request = UUID.randomUUID().toString();
        return LineageRecord.draft(LineageRecord.Type.VERIFICATION).execId(request).transaction(request).principal("carla")
                .function("payments").action("CreatePayment").resource("POST /payments").decision("allow")
                .bundle("payments-api@1#" + LineageHash.ZERO_HEX).build();
    }

    /** One chain per way, so no write meets another's seq. */
    private static final class Chain {
        private final String name;
        private LineageRecord head;

        Chain(String way) {
            this.name = "measure-" + way + "#" + UUID.randomUUID().toString().substring(0, 8);
        }

        LineageRecord next() {
            head = LineageRecord.seal(name, head == null ? 0 : head.seq() + 1, head == null ? LineageHash.ZERO_HEX : head.hash(), draft());
            return head;
        }
    }

    /** The SDK's signed request for a put, stopped before it is sent (untimed), as HTTP/1.1 bytes. */
    private static final class SignedBytes implements AutoCloseable {
        private SdkHttpRequest request;
        private byte[] body;
        private final DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        request = context.httpRequest();
                        body = context.requestBody().map(b -> {
                            try (InputStream in = b.contentStreamProvider().newStream()) {
                                return in.readAllBytes();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }).orElseThrow();
                        throw new Captured();
                    }
                }))
                .build();

        byte[] bytes(String table, LineageRecord record) {
            try {
                client.putItem(DynamoDbChainStore.putRequest(table, record));
                throw new IllegalStateException("the put was sent");
            } catch (Captured expected) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
                request.forEachHeader((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
                if (request.firstMatchingHeader("Host").isEmpty()) {
                    head.append("Host: ").append(request.host()).append(':').append(request.port()).append("\r\n");
                }
                head.append("\r\n");
                out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(body);
                return out.toByteArray();
            }
        }

        @Override
        public void close() {
            client.close();
        }

        private static final class Captured extends RuntimeException {
            Captured() {
                super(null, null, false, false);
            }
        }
    }

    /** One kept-alive loopback connection, Nagle off, one write per request. */
    private static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        RawConnection(URI endpoint) throws IOException {
            socket = new Socket(endpoint.getHost(), endpoint.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        void post(byte[] request) {
            try {
                out.write(request);
                out.flush();
                String status = line();
                int length = -1;
                for (String h = line(); !h.isEmpty(); h = line()) {
                    if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                byte[] answer = in.readNBytes(length);
                if (!status.startsWith("HTTP/1.1 200")) {
                    throw new IllegalStateException(status + " " + new String(answer, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
