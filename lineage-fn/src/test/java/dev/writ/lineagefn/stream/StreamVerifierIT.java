package dev.writ.lineagefn.stream;


import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.writ.audit.Anchor;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import io.micronaut.context.ApplicationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

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
    private DynamoDbStreamsClient streams;
    private String table;
    private String shadow;
    private String iterator;
    private ApplicationContext ctx;
    private final List<String> lines = new ArrayList<>();
    private StreamVerifierFunction fn;

    @BeforeEach
    void setUp() {
        ddb = Emulators.dynamoDb();
        // The SDK reads AWS_ENDPOINT_URL_DYNAMODB_STREAMS for this client; scripts/test exports only the
        // DynamoDB one, and DynamoDB Local serves streams on the same port.
        String endpoint = System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", System.getenv("AWS_ENDPOINT_URL_DYNAMODB"));
        streams = DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(URI.create(endpoint)).build();
        table = "writ-lineage-fn-stream-" + UUID.randomUUID();
        ddb.createTable(LineageTable.definition(table).toBuilder().streamSpecification(StreamSpecification.builder()
                .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()).build());
        ddb.waiter().waitUntilTableExists(b -> b.tableName(table));
        shadow = LineageFixtures.newTable(ddb);

        String arn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        ctx = ApplicationContext.run(Map.of("writ.lineage.table", table));
        fn = new StreamVerifierFunction(ctx, lines::add);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    /** Reads what the stream holds now, as the Lambda event the handler would get. */
    private DynamodbEvent nextBatch() {
        var r = streams.getRecords(b -> b.shardIterator(iterator));
        iterator = r.nextShardIterator();
        DynamodbEvent event = new DynamodbEvent();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (var rec : r.records()) {
            DynamodbEvent.DynamodbStreamRecord e = new DynamodbEvent.DynamodbStreamRecord();
            e.setEventID(rec.eventID());
            e.setEventName(rec.eventNameAsString());
            e.setEventSource("aws:dynamodb");
            e.setAwsRegion("us-east-1");
            StreamRecord sr = new StreamRecord();
            sr.setKeys(toEvents(rec.dynamodb().keys()));
            if (rec.dynamodb().hasNewImage()) {
                sr.setNewImage(toEvents(rec.dynamodb().newImage()));
            }
            if (rec.dynamodb().hasOldImage()) {
                sr.setOldImage(toEvents(rec.dynamodb().oldImage()));
            }
            sr.setSequenceNumber(rec.dynamodb().sequenceNumber());
            if (rec.dynamodb().approximateCreationDateTime() != null) {
                sr.setApproximateCreationDateTime(java.util.Date.from(rec.dynamodb().approximateCreationDateTime()));
            }
            sr.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(rec.dynamodb().streamViewTypeAsString()));
            e.setDynamodb(sr);
            records.add(e);
        }
        event.setRecords(records);
        return event;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toEvents(Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new HashMap<>();
        item.forEach((k, v) -> {
            var a = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
            if (v.s() != null) {
                a.setS(v.s());
            }
            if (v.n() != null) {
                a.setN(v.n());
            }
            out.put(k, a);
        });
        return out;
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
        DynamodbEvent appends = nextBatch();
        assertThat(appends.getRecords()).hasSize(5).allSatisfy(r -> assertThat(r.getEventName()).isEqualTo("INSERT"));
        StreamsEventResponse clean = fn.handleRequest(appends, null);
        assertThat(lines).isEmpty();
        assertThat(clean.getBatchItemFailures()).isEmpty();

        // An attacker with admin rights overwrites seq 2 with a changed decision.
        Map<String, AttributeValue> item = stored(table, 2);
        item.put("decision", AttributeValue.builder().s("deny").build());
        ddb.putItem(b -> b.tableName(table).item(item));
        fn.handleRequest(nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getString("chain")).isEqualTo(CHAIN);
        assertThat(alarm.getInt("seq")).isEqualTo(2);
        assertThat(alarm.getString("reason")).isEqualTo("OVERWRITTEN");
        assertThat(alarm.getString("detail")).contains("hash no longer matches");
        assertThat(alarm.getString("eventName")).isEqualTo("MODIFY");

        // Deleting a record is a break by itself.
        lines.clear();
        ddb.deleteItem(b -> b.tableName(table).key(LineageFixtures.key(CHAIN, 4)));
        fn.handleRequest(nextBatch(), null);
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
        DynamodbEvent batch = nextBatch();
        assertThat(batch.getRecords()).extracting(r -> r.getDynamodb().getKeys().get("chain").getS())
                .contains("checkpoint", "checkpoint/log", "checkpoint/frontier/" + CHAIN);
        fn.handleRequest(batch, null);
        assertThat(lines).isEmpty();

        Map<String, AttributeValue> log = new HashMap<>(ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("chain", AttributeValue.builder().s("checkpoint/log").build(), "seq", AttributeValue.builder().n("0").build()))).item());
        log.put("note", AttributeValue.builder().s("replaced").build());
        ddb.putItem(b -> b.tableName(table).item(log));
        fn.handleRequest(nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getString("chain")).isEqualTo("checkpoint/log");
        assertThat(alarm.getString("reason")).isEqualTo("OVERWRITTEN");
    }

    @Test
    void whenThePredecessorCannotBeReadTheRecordIsRetriedNotPassed() {
        var w = LineageFixtures.writer(ddb, table, 0);
        IntStream.range(0, 3).forEach(i -> w.append(LineageFixtures.outcome("e" + i, "alice", now + i)));
        DynamodbEvent batch = nextBatch();
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
        fn.handleRequest(nextBatch(), null);
        assertThat(lines).isEmpty();

        ddb.putItem(b -> b.tableName(table).item(stored(shadow, 3)));
        fn.handleRequest(nextBatch(), null);
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
        DynamodbEvent first = nextBatch();
        assertThat(first.getRecords()).allSatisfy(r -> assertThat(r.getDynamodb().getApproximateCreationDateTime()).isNotNull());
        fn.handleRequest(first, null);
        assertThat(lines).as("within the margin").isEmpty();

        // Well linked and well sealed, but claiming an hour ago: what a backdated forgery looks like as it lands.
        w.append(LineageFixtures.outcome("forged", "mallory", now - 3_600_000));
        fn.handleRequest(nextBatch(), null);
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
        fn.handleRequest(nextBatch(), null);
        assertThat(lines).isEmpty();

        // seq 2 of an identical chain links correctly here; its decision is edited before it is put.
        Map<String, AttributeValue> edited = stored(shadow, 2);
        edited.put("decision", AttributeValue.builder().s("deny").build());
        ddb.putItem(b -> b.tableName(table).item(edited));
        fn.handleRequest(nextBatch(), null);
        JsonObject alarm = onlyAlarm();
        assertThat(alarm.getInt("seq")).isEqualTo(2);
        assertThat(alarm.getString("reason")).isEqualTo("HASH_MISMATCH");
    }
}
