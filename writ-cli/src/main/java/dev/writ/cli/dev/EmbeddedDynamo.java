package dev.writ.cli.dev;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside this JVM, reached by direct calls rather than HTTP: in memory,
 * or in a folder that keeps the data between runs. Dev and demo wiring only.
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

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    private EmbeddedDynamo(AmazonDynamoDBLocal local) {
        this.local = local;
        this.client = local.dynamoDbClient();
    }

    /**
     * Starts DynamoDB Local inside this JVM with no network listener at all (its embedded mode):
     * the lineage and replay tables of `writ dev` are reachable through this process only, never
     * from the network. {@code dataDir} null keeps everything in memory.
     */
    static EmbeddedDynamo start(Path dataDir) {
        // DynamoDB Local prints its configuration banner on System.out: not for the user of `writ demo`.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            // DynamoDBEmbedded.create's Boolean is "disable telemetry": with false, DynamoDB Local
            // sends usage events to Amazon Pinpoint unless DDB_LOCAL_TELEMETRY=0 is set. A local
            // tool never phones home, so it is true in both modes. In a folder, one database file,
            // named as DynamoDB Local's server named it for the credentials and region `writ dev`
            // used, so an earlier --data folder is read as it was.
            AmazonDynamoDBLocal local = dataDir == null ? DynamoDBEmbedded.create(true)
                    : DynamoDBEmbedded.create(mkdirs(dataDir).resolve("local_us-east-1.db").toFile(), true);
            return new EmbeddedDynamo(local);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start DynamoDB Local: " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        try {
            local.shutdown();
        } catch (RuntimeException e) {
            // Stopping is best effort: the JVM is usually about to exit.
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
