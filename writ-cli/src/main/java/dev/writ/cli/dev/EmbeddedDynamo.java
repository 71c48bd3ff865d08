package dev.writ.cli.dev;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside this JVM on a free loopback port: in memory, or in a folder that
 * keeps the data between runs. Dev and demo wiring only: the endpoint override below is the one
 * place the CLI names an endpoint, and it names this process's own emulator.
 */
final class EmbeddedDynamo implements AutoCloseable {
    // sqlite4java, inside DynamoDB Local, warns through JUL that it cannot tell its version when its
    // classes come from the shaded writ.jar rather than its own jar: noise for the user of `writ demo`.
    // DynamoDB Local sets this logger's level to WARNING each time it opens SQLite, so a level set
    // here would not hold; a filter does, and drops that one line only (held in a field so JUL keeps
    // the logger, and its filter, alive).
    private static final Logger SQLITE_LOG = Logger.getLogger("com.almworks.sqlite4java");

    static {
        SQLITE_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().endsWith("SQLite: unknown jar version"));
    }

    private final DynamoDBProxyServer server;
    private final DynamoDbClient client;
    private final int port;

    private EmbeddedDynamo(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
        this.client = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Starts DynamoDB Local; {@code dataDir} null keeps everything in memory. */
    static EmbeddedDynamo start(Path dataDir) {
        int port = freePort();
        String[] args = dataDir == null
                ? new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"}
                : new String[] {"-dbPath", mkdirs(dataDir).toString(), "-port", Integer.toString(port), "-disableTelemetry"};
        // DynamoDB Local prints its configuration banner on System.out: not for the user of `writ demo`.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
            server.start();
            return new EmbeddedDynamo(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local: " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    DynamoDbClient client() {
        return client;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the JVM is usually about to exit.
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
