package dev.writ.guard.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.writ.core.internal.AwsClients;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.replay.DynamoDbReplayStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lineage client and the replay store's client send each request body buffered, not streamed
 * (the JDK's 1 ms probe of a pooled connection precedes every streamed POST), and what reaches the
 * server is still what the SDK signed, on one kept-alive connection.
 */
class BufferedPutsTest {

    private record Received(String method, List<String> contentLength, List<String> transferEncoding,
            String authorization, String contentSha256, byte[] body, int clientPort) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server = startServer();

    private HttpServer startServer() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                var h = exchange.getRequestHeaders();
                received.add(new Received(exchange.getRequestMethod(), listOf(h.get("Content-Length")),
                        listOf(h.get("Transfer-Encoding")), h.getFirst("Authorization"), h.getFirst("X-Amz-Content-Sha256"),
                        body, exchange.getRemoteAddress().getPort()));
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> listOf(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DynamoDbClient lineageClient() {
        return DynamoDbChainStore.configure(DynamoDbClient.builder()
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                AwsRetryStrategy.doNotRetry()).build();
    }

    private static LineageRecord record(long seq) {
        LineageRecord.Draft draft = LineageRecord.draft(LineageRecord.Type.VERIFICATION)
                .execId("exec-" + seq).principal("carla").function("payments").decision("allow").build();
        return LineageRecord.seal("payments#1", seq, LineageHash.ZERO_HEX, draft);
    }

    @Test
    void aPutArrivesWithTheLengthAndBodyItsSignatureCovers() {
        try (DynamoDbClient client = lineageClient()) {
            client.putItem(DynamoDbChainStore.putRequest("writ-lineage", record(0)));
        }

        assertThat(received).hasSize(1);
        Received put = received.get(0);
        assertSignedAndBuffered(put);
        assertThat(new String(put.body(), StandardCharsets.UTF_8)).contains("\"ConditionExpression\":\"attribute_not_exists(#seq)\"");
    }

    @Test
    void theReplayStoresPutArrivesWithTheLengthAndBodyItsSignatureCovers() {
        // The replay store's default client is DefaultDynamoDb's: AwsClients.lazyBuffered, here
        // pointed at the loopback server.
        Supplier<DynamoDbClient> client = AwsClients.lazyBuffered(http -> DynamoDbClient.builder().httpClient(http)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build());

        assertThat(new DynamoDbReplayStore(client, "writ-replay").consume("jti-1", Instant.ofEpochSecond(1_900_000_000L))).isTrue();
        client.get().close();

        assertSignedAndBuffered(received.get(0));
        assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8)).contains("\"ConditionExpression\":\"attribute_not_exists(jti)\"")
                .contains("\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"");
    }

    private static void assertSignedAndBuffered(Received put) {
        assertThat(put.method()).isEqualTo("POST");
        assertThat(put.transferEncoding()).isEmpty();
        // One Content-Length, the body's: the value the SDK signed (SignedHeaders names it, and the
        // signed payload hash is the body's), so the server's canonical request is the signer's.
        assertThat(put.contentLength()).containsExactly(Integer.toString(put.body().length));
        assertThat(put.authorization()).contains("SignedHeaders=").contains("content-length;");
        assertThat(put.contentSha256()).isEqualTo(HexFormat.of().formatHex(LineageHash.sha256(put.body())));
    }

    @Test
    void consecutiveWritesShareOneConnection() {
        try (DynamoDbClient client = lineageClient()) {
            for (long seq = 0; seq < 3; seq++) {
                client.putItem(DynamoDbChainStore.putRequest("writ-lineage", record(seq)));
            }
        }

        assertThat(received).hasSize(3);
        assertThat(received).extracting(Received::clientPort).containsOnly(received.get(0).clientPort());
    }
}
