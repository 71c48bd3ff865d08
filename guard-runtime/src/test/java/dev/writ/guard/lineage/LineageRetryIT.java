package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Deferred records sent again after a write whose every response was lost (the write itself
 * landed in DynamoDB Local) are stored once: the backlog keeps them, the next write finds them
 * stored and appends only what is new, with or without a remembered head.
 */
class LineageRetryIT {
    private DynamoDbClient direct;
    private DynamoDbClient lossy;
    private String table;
    private volatile boolean losingResponses;
    private LineageConfig config;
    private DynamoDbTestEnv.StoredChain orders;

    @BeforeEach
    void table() {
        direct = DynamoDbTestEnv.client();
        table = DynamoDbTestEnv.newTable(direct);
        lossy = LossyDynamoDb.client(() -> losingResponses);
        config = LineageConfig.builder().table(table).shards(1).shard(0).maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
        orders = new DynamoDbTestEnv.StoredChain(direct, table, config.chainFor("orders"));
    }

    @AfterEach
    void close() {
        lossy.close();
    }

    private LineageBacklog backlog(LineageWriter writer) {
        return new LineageBacklog(writer, Optional.empty(), new PrintStream(OutputStream.nullOutputStream()));
    }

    private static LineageRecord.Draft outcome(String execId) {
        return LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId(execId).decision("success").build();
    }

    /** Defers the drafts and writes them with every response lost: they landed, the writer could not know. */
    private void writeLosingEveryResponse(LineageBacklog backlog, String... execIds) {
        for (String e : execIds) {
            backlog.defer(outcome(e));
        }
        losingResponses = true;
        assertThatThrownBy(backlog::writePending).isInstanceOf(LineageUnavailableException.class);
        losingResponses = false;
        assertThat(backlog.size()).as("kept: the writer cannot tell they landed").isEqualTo(execIds.length);
        assertThat(orders.execIds()).as("yet they are stored").endsWith(execIds);
    }

    @Test
    void aBatchThatLandedUnseenIsNotStoredAgainByAWriterThatMustReadTheHead() {
        LineageBacklog backlog = backlog(LineageWriter.create(config, () -> lossy));
        writeLosingEveryResponse(backlog, "e1", "e2");

        backlog.defer(outcome("e3"));
        backlog.writePending();

        assertThat(backlog.size()).isZero();
        assertThat(orders.execIds()).containsExactly("e1", "e2", "e3");
        orders.assertLinked();
    }

    @Test
    void aBatchThatLandedUnseenAfterARememberedHeadIsNotStoredAgainAndWhatFollowsItIsStored() {
        LineageWriter writer = LineageWriter.create(config, () -> lossy);
        writer.append(outcome("e0")); // the writer now remembers seq 0 as its head
        LineageBacklog backlog = backlog(writer);
        writeLosingEveryResponse(backlog, "e1", "e2");

        backlog.defer(outcome("e3"));
        backlog.writePending();
        writer.append(outcome("e4"));

        assertThat(backlog.size()).isZero();
        assertThat(orders.execIds()).containsExactly("e0", "e1", "e2", "e3", "e4");
        orders.assertLinked();
    }

    @Test
    void aSingleRecordThatLandedUnseenIsNotStoredAgain() {
        LineageBacklog backlog = backlog(LineageWriter.create(config, () -> lossy));
        writeLosingEveryResponse(backlog, "e1");

        backlog.defer(outcome("e2"));
        backlog.writePending();

        assertThat(orders.execIds()).containsExactly("e1", "e2");
        orders.assertLinked();
    }
}
