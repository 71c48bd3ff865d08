package dev.writ.lineagefn.stream;


import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.writ.audit.Anchor;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import io.micronaut.context.ApplicationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream verifier fed from DynamoDB Local's real stream: records appended with LineageWriter
 * are read with GetShardIterator/GetRecords, converted to the Lambda DynamodbEvent shape and given
 * to the handler. Clean appends write nothing; an attacker's overwrite of a middle record, a
 * forged tail record with a valid hash but a wrong prev, and an edited new record each give one
 * alarm line that is also an EMF ChainBreaks metric.
 */
class StreamVerifierIT {
    /** Records are dated now unless a test says otherwise: the verifier compares ts with when the table wrote them. */
    private final long now = System.currentTimeMillis();
    private static final String CHAIN = "orders#0";
    private DynamoDbClient ddb;
    private TableStream stream;
    private String table;
    private String shadow;
    private ApplicationContext ctx;
    private final List<String> lines = new ArrayList<>();
    private StreamVerifierFunction fn;

    @BeforeEach
    void setUp() {
        ddb = Emulators.dynamoDb();
        stream = TableStream.create(ddb);
        table = stream.table();
        shadow = LineageFixtures.newTable(ddb);
        ctx = ApplicationContext.run(Map.of("writ.lineage.table", table));
        fn = new StreamVerifierFunction(ctx, lines::add);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private JsonObject onlyAlarm() {
        assertThat(lines).hasSize(1);
        JsonObject line = Json.createReader(new StringReader(lines.get(0))).readObject();
        JsonObject metrics = line.getJsonObject("_aws").getJsonArray("CloudWatchMetrics").getJsonObject(0);
        assertThat(metrics.getString("Namespace")).isEqualTo("Writ/Lineage");
        assertThat(metrics.getJsonArray("Metrics").getJsonObject(0).getString("Name")).isEqualTo("ChainBreaks");
        assertThat(metrics.getJsonArray("Dimensions").getJsonArray(0).getString(0)).isEqualTo("Table");
        assertThat(line.getString("Table")).isEqualTo(table);
        assertThat(line.getInt("ChainBreaks")).isEqualTo(1);
        assertThat(line.getString("level")).isEqualTo("ALARM");
        assertThat(line.getJsonObject("_aws").getJsonNumber("Timestamp").longValue()).isPositive();
        return line;
    }

    private Map<String, AttributeValue> stored(String t, long seq) {
        return new HashMap<>(ddb.getItem(b -> b.tableName(t).consistentRead(true).key(LineageFixtures.key(CHAIN, seq))).item());
    }

    @Test
    void cleanAppendsAreSilentAndAnOverwrittenMiddleRecordRaisesTheAlarm() {
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 5).forEach(i -> w.append(LineageFixtures.outcome("e" + i, "alice", System.currentTimeMillis())));
        DynamodbEvent appends = stream.nextBatch();
        assertThat(appends.getRecords()).hasSize(5).allSatisfy(r -> assertThat(r.getEventName()).isEqualTo("INSERT"));
        StreamsEventResponse clean = fn.handleRequest(appends, null);
        assertThat(lines).isEmpty();
        assertThat(clean.getBatchItemFailures()).isEmpty();

        // An attacker with admin rights overwrites seq 2 with a changed decision.
        Map<String, AttributeValue> item = stored(table, 2);
        item.put("decision", AttributeValue.builder().s("deny").build());
        ddb.putItem(b -> b.tableName(table).item(item));
        fn.handleRequest(stream.nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getString("chain")).isEqualTo(CHAIN);
        assertThat(alarm.getInt("seq")).isEqualTo(2);
        assertThat(alarm.getString("reason")).isEqualTo("OVERWRITTEN");
        assertThat(alarm.getString("detail")).contains("hash no longer matches");
        assertThat(alarm.getString("eventName")).isEqualTo("MODIFY");

        // Deleting a record is a break by itself.
        lines.clear();
        ddb.deleteItem(b -> b.tableName(table).key(LineageFixtures.key(CHAIN, 4)));
        fn.handleRequest(stream.nextBatch(), null);
        JsonObject removed = onlyAlarm();
        assertThat(removed.getInt("seq")).isEqualTo(4);
        assertThat(removed.getString("reason")).isEqualTo("REMOVED");
    }

    @Test
    void theCheckpointSignersOwnItemsAreSilentWhenWrittenAndABreakWhenOverwritten() {
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 3).forEach(i -> w.append(LineageFixtures.outcome("e" + i, "alice", System.currentTimeMillis())));
        com.nimbusds.jose.jwk.ECKey jwk;
        try {
            jwk = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("k").generate();
            var audit = dev.writ.audit.LineageAudit.create(dev.writ.guard.lineage.LineageConfig.builder().table(table).build(), () -> ddb, java.util.Optional.empty());
            dev.writ.audit.Checkpointer.create(audit, dev.writ.core.sign.LocalSigner.fromJwk(jwk.toJSONString()),
                    new dev.writ.audit.CheckpointKey("k", jwk.toECPublicKey())).checkpoint(audit.chains());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        DynamodbEvent batch = stream.nextBatch();
        assertThat(batch.getRecords()).extracting(r -> r.getDynamodb().getKeys().get("chain").getS())
                .contains("checkpoint", "checkpoint/log", "checkpoint/frontier/" + CHAIN);
        fn.handleRequest(batch, null);
        assertThat(lines).isEmpty();

        Map<String, AttributeValue> log = new HashMap<>(ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("chain", AttributeValue.builder().s("checkpoint/log").build(), "seq", AttributeValue.builder().n("0").build()))).item());
        log.put("note", AttributeValue.builder().s("replaced").build());
        ddb.putItem(b -> b.tableName(table).item(log));
        fn.handleRequest(stream.nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getString("chain")).isEqualTo("checkpoint/log");
        assertThat(alarm.getString("reason")).isEqualTo("OVERWRITTEN");
    }

    @Test
    void whenThePredecessorCannotBeReadTheRecordIsRetriedNotPassed() {
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 3).forEach(i -> w.append(LineageFixtures.outcome("e" + i, "alice", now + i)));
        DynamodbEvent batch = stream.nextBatch();
        try (ApplicationContext wrongTable = ApplicationContext.run(Map.of("writ.lineage.table", "no-such-table-" + UUID.randomUUID()))) {
            StreamsEventResponse r = new StreamVerifierFunction(wrongTable, lines::add).handleRequest(batch, null);
            // seq 0 needs no read; seq 1 and 2 could not be checked: both reported for retry.
            assertThat(r.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly(batch.getRecords().get(1).getDynamodb().getSequenceNumber(),
                            batch.getRecords().get(2).getDynamodb().getSequenceNumber());
        }
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"error\":\"LINEAGE_UNAVAILABLE\"").doesNotContain("ChainBreaks"));
    }

    @Test
    void aForgedTailRecordThatDoesNotLinkRaisesBrokenLink() {
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 3).forEach(i -> w.append(LineageFixtures.outcome("e" + i, "alice", now + i)));
        // The same chain built elsewhere (other timestamps): its seq 3 is well sealed but links to another seq 2.
        var forger = LineageFixtures.writer(ddb, shadow, 0);
        IntStream.range(0, 4).forEach(i -> forger.append(LineageFixtures.outcome("f" + i, "mallory", now + 5000 + i)));
        fn.handleRequest(stream.nextBatch(), null);
        assertThat(lines).isEmpty();

        ddb.putItem(b -> b.tableName(table).item(stored(shadow, 3)));
        fn.handleRequest(stream.nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getInt("seq")).isEqualTo(3);
        assertThat(alarm.getString("reason")).isEqualTo("BROKEN_LINK");
        assertThat(alarm.getString("eventName")).isEqualTo("INSERT");
    }

    @Test
    void aRecordDatedWellBeforeTheTableWroteItRaisesBackdated() {
        var w = LineageFixtures.writer(ddb, table, 0);
        w.append(LineageFixtures.outcome("e0", "alice", now));
        w.append(LineageFixtures.outcome("e1", "alice", now - Anchor.MARGIN.toMillis() + 5_000));
        DynamodbEvent first = stream.nextBatch();
        assertThat(first.getRecords()).allSatisfy(r -> assertThat(r.getDynamodb().getApproximateCreationDateTime()).isNotNull());
        fn.handleRequest(first, null);
        assertThat(lines).as("within the margin").isEmpty();

        // Well linked and well sealed, but claiming an hour ago: what a backdated forgery looks like as it lands.
        w.append(LineageFixtures.outcome("forged", "mallory", now - 3_600_000));
        fn.handleRequest(stream.nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getInt("seq")).isEqualTo(2);
        assertThat(alarm.getString("reason")).isEqualTo("BACKDATED");
        assertThat(alarm.getString("eventName")).isEqualTo("INSERT");
    }

    @Test
    void aNewRecordWhoseContentDoesNotMatchItsHashRaisesHashMismatch() {
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 2).forEach(i -> w.append(LineageFixtures.outcome("e" + i, "alice", now + i)));
        var copy = LineageFixtures.writer(ddb, shadow, 0);
        IntStream.range(0, 3).forEach(i -> copy.append(LineageFixtures.outcome("e" + i, "alice", now + i)));
        fn.handleRequest(stream.nextBatch(), null);
        assertThat(lines).isEmpty();

        // seq 2 of an identical chain links correctly here; its decision is edited before it is put.
        Map<String, AttributeValue> edited = stored(shadow, 2);
        edited.put("decision", AttributeValue.builder().s("deny").build());
        ddb.putItem(b -> b.tableName(table).item(edited));
        fn.handleRequest(stream.nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getInt("seq")).isEqualTo(2);
        assertThat(alarm.getString("reason")).isEqualTo("HASH_MISMATCH");
    }
}
