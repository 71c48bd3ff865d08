package dev.writ.guard.replay;

import dev.writ.guard.internal.DefaultDynamoDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.testsupport.Emulators;
import dev.writ.guard.Fixtures;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.WritVerifier;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The replay table against DynamoDB Local, over HTTP. */
class ReplayTableIT {

    private static DynamoDbClient dynamo;
    private static String table;

    @BeforeAll
    static void createTable() {
        Emulators.require("DYNAMODB");
        dynamo = DefaultDynamoDb.lazy().get();
        table = "writ-replay-" + UUID.randomUUID();
        dynamo.createTable(DynamoDbReplayStore.tableDefinition(table));
        dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    private static DynamoDbReplayStore store() {
        return new DynamoDbReplayStore(() -> dynamo, table);
    }

    @Test
    void consumesOnceAndRecordsTheExpiryForTtl() {
        String jti = "jti-" + UUID.randomUUID();
        Instant keepUntil = Instant.ofEpochSecond(1_900_000_000L);
        assertThat(store().consume(jti, keepUntil)).isTrue();
        assertThat(store().consume(jti, keepUntil)).isFalse();
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(DynamoDbReplayStore.KEY, AttributeValue.fromS(jti)))).item();
        assertThat(item.get(DynamoDbReplayStore.TTL).n()).isEqualTo("1900000000");
    }

    @Test
    void aResentPutOfTheSameAttemptIsStillTheFirstUseAnotherAttemptIsAReplay() {
        // What the JDK does to a buffered POST whose connection fails after DynamoDB stored the item
        // but before its answer arrived: the same request, sent again.
        String jti = "jti-" + UUID.randomUUID();
        Instant keepUntil = Instant.now().plusSeconds(60);
        assertThat(store().consume(jti, keepUntil, "attempt-1")).isTrue();
        assertThat(store().consume(jti, keepUntil, "attempt-1")).isTrue();
        assertThat(store().consume(jti, keepUntil, "attempt-2")).isFalse();
        assertThat(store().consume(jti, keepUntil)).isFalse();
    }

    @Test
    void anItemWithoutAnAttemptIsAReplay() {
        // Consumed by a guard from before attempts were stored.
        String jti = "jti-" + UUID.randomUUID();
        dynamo.putItem(r -> r.tableName(table).item(Map.of(DynamoDbReplayStore.KEY, AttributeValue.fromS(jti))));
        assertThat(store().consume(jti, Instant.now().plusSeconds(60), "attempt-1")).isFalse();
    }

    @Test
    void exactlyOneOfManyConcurrentUsesWins() throws Exception {
        String jti = "jti-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(() -> store().consume(jti, Instant.now().plusSeconds(60)));
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsAnUnreachableTableAsUnavailable() {
        DynamoDbClient dead = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:9")).build();
        assertThatThrownBy(() -> new DynamoDbReplayStore(() -> dead, table).consume("jti", Instant.now()))
                .isInstanceOf(ReplayStoreUnavailableException.class).hasMessageContaining(table);
    }

    @Test
    void reportsAMissingTableAsUnavailable() {
        assertThatThrownBy(() -> new DynamoDbReplayStore(() -> dynamo, "no-such-table").consume("jti", Instant.now()))
                .isInstanceOf(ReplayStoreUnavailableException.class);
    }

    @Test
    void theVerifierDeniesTheSecondUseOfASingleUseWrit() {
        WritVerifier verifier = new WritVerifier(Fixtures.verifierConfig().replayStore(store()).build());
        String token = Fixtures.token(Fixtures.validWrit().singleUse(true).build());
        assertThat(verifier.verify(token, Fixtures.FUNCTION, Fixtures.REQUEST).isAllowed()).isTrue();
        assertThat(verifier.verify(token, Fixtures.FUNCTION, Fixtures.REQUEST).reason()).contains(ReasonCode.REPLAYED);
    }
}
