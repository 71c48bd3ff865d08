package dev.writ.lineagefn.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import io.micronaut.context.ApplicationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Completeness in the stream verifier, over DynamoDB Local and its stream: records that expect an
 * answer are remembered as they arrive and judged by the sweep once the settle time (900 s here,
 * the default) has passed. An unanswered allow, exchange and verification are each reported once;
 * an answer that arrives after what it answers, but before the sweep, silences it.
 */
class StreamCompletenessIT {
    private static final long SETTLE = Duration.ofSeconds(900).toMillis();
    private final long now = System.currentTimeMillis();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private DynamoDbClient ddb;
    private TableStream stream;
    private String pendingTable;
    private ApplicationContext ctx;
    private StreamVerifierFunction verifier;
    private CompletenessSweep sweep;

    @BeforeEach
    void setUp() {
        ddb = Emulators.dynamoDb();
        stream = TableStream.create(ddb);
        pendingTable = "writ-completeness-it-" + UUID.randomUUID();
        PendingExpectations.create(ddb, pendingTable);
        ctx = ApplicationContext.run(Map.of("writ.lineage.table", stream.table(), "writ.completeness.table", pendingTable));
        verifier = new StreamVerifierFunction(ctx, lines::add);
        sweep = ctx.getBean(CompletenessSweep.class);
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private LineageRecord.Draft record(LineageRecord.Type type, String function, String execId, String decision) {
        return LineageRecord.draft(type).function(function).execId(execId).principal("alice").action("Payment::create")
                .resource("Payment::\"1\"").decision(decision).ts(now).build();
    }

    private static List<String> findings(CompletenessSweep.Result r) {
        return r.reported().stream().map(f -> f.gap() + " " + f.execId() + " " + f.chain() + ":" + f.seq()).toList();
    }

    @Test
    void anUnansweredAllowExchangeAndVerificationAreReportedOnceAfterTheSettleTimeALateAnswerIsNot() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "lost", "allow"));
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "late", "allow"));
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "seen", "allow"));
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "denied", "deny"));
        w.append(record(LineageRecord.Type.EXCHANGE, "writ-exchange", "child-lost", "allow"));
        w.append(record(LineageRecord.Type.VERIFICATION, "payments", "seen", "allow"));
        w.append(record(LineageRecord.Type.OUTCOME, "payments", "seen", "success"));
        w.append(record(LineageRecord.Type.VERIFICATION, "payments", "crashed", "allow"));
        DynamodbEvent batch = stream.nextBatch();
        assertThat(verifier.handleRequest(batch, null).getBatchItemFailures()).isEmpty();
        verifier.handleRequest(batch, null); // Lambda may deliver a batch again: the same expectations, not new ones
        assertThat(lines).as("nothing can be judged as it arrives").isEmpty();
        assertThat(sweep.sweep(now + SETTLE - 1, lines::add).reported()).as("not settled yet").isEmpty();

        // The guard's verification and outcome of "late" come after its allow, before the settle time is up.
        w.append(record(LineageRecord.Type.VERIFICATION, "payments", "late", "allow"));
        w.append(record(LineageRecord.Type.OUTCOME, "payments", "late", "success"));
        verifier.handleRequest(stream.nextBatch(), null);

        CompletenessSweep.Result settled = sweep.sweep(now + SETTLE, lines::add);
        assertThat(findings(settled)).containsExactlyInAnyOrder(
                "ALLOW_NEVER_VERIFIED lost authorizer#0:0",
                "EXCHANGE_NEVER_VERIFIED child-lost writ-exchange#0:0",
                "VERIFICATION_WITHOUT_OUTCOME crashed payments#0:2",
                "VERIFICATION_WITHOUT_DECISION crashed payments#0:2");
        assertThat(settled.answered())
                .as("seen's and late's allows, and their verifications (each answered by an outcome and by an allow)")
                .isEqualTo(6);
        assertThat(lines).hasSize(4);
        JsonObject line = Json.createReader(new StringReader(lines.stream().filter(l -> l.contains("\"lost\"")).findFirst().orElseThrow())).readObject();
        JsonObject metrics = line.getJsonObject("_aws").getJsonArray("CloudWatchMetrics").getJsonObject(0);
        assertThat(metrics.getString("Namespace")).isEqualTo("Writ/Lineage");
        assertThat(metrics.getJsonArray("Metrics").getJsonObject(0).getString("Name")).isEqualTo("IncompleteLineage");
        assertThat(line.getInt("IncompleteLineage")).isEqualTo(1);
        assertThat(line.getString("level")).isEqualTo("ALARM");
        assertThat(line.getString("alarm")).isEqualTo("LINEAGE_INCOMPLETE");
        assertThat(line.getString("incomplete")).isEqualTo("ALLOW_NEVER_VERIFIED");
        assertThat(line.getString("chain")).isEqualTo("authorizer#0");
        assertThat(line.getJsonNumber("seq").longValue()).isZero();
        assertThat(line.getJsonNumber("ts").longValue()).isEqualTo(now);

        lines.clear();
        assertThat(sweep.sweep(now + 2 * SETTLE, lines::add).reported()).as("judged once").isEmpty();
        assertThat(lines).isEmpty();
        assertThat(pendingItems()).as("nothing left pending").isEmpty();
    }

    @Test
    void aRunOfAWritThatNeverFinishedIsReportedThoughALaterRunOfTheSameWritFinished() {
        // A consumer killed at its timeout, then the message delivered again: one writ, two runs,
        // on two containers' chains; only the second run's outcome was written.
        LineageWriter first = LineageFixtures.writer(ddb, stream.table(), 0);
        LineageWriter second = LineageFixtures.writer(ddb, stream.table(), 1);
        first.append(record(LineageRecord.Type.EXCHANGE, "writ-exchange", "redelivered", "allow"));
        first.append(record(LineageRecord.Type.VERIFICATION, "payments", "redelivered", "allow"));
        second.append(record(LineageRecord.Type.VERIFICATION, "payments", "redelivered", "allow"));
        second.append(record(LineageRecord.Type.OUTCOME, "payments", "redelivered", "success"));
        verifier.handleRequest(stream.nextBatch(), null);

        CompletenessSweep.Result settled = sweep.sweep(now + SETTLE, lines::add);
        assertThat(findings(settled)).containsExactly("VERIFICATION_WITHOUT_OUTCOME redelivered payments#0:0");
        assertThat(lines).singleElement().asString().contains("\"chain\":\"payments#0\"");
    }

    /** The items still waiting to be judged (the table also remembers the findings reported). */
    private List<Map<String, AttributeValue>> pendingItems() {
        return ddb.scan(b -> b.tableName(pendingTable)).items().stream()
                .filter(i -> i.get(PendingExpectations.PARTITION).s().equals(PendingExpectations.PENDING)).toList();
    }

    @Test
    void aBatchDeliveredAgainAfterItsExpectationsWereJudgedReportsNoGapTwice() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "lost", "allow"));
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "seen", "allow"));
        w.append(record(LineageRecord.Type.VERIFICATION, "payments", "seen", "allow"));
        w.append(record(LineageRecord.Type.OUTCOME, "payments", "seen", "success"));
        DynamodbEvent batch = stream.nextBatch();
        verifier.handleRequest(batch, null);
        assertThat(findings(sweep.sweep(now + SETTLE, lines::add))).containsExactly("ALLOW_NEVER_VERIFIED lost authorizer#0:0");
        assertThat(lines).hasSize(1);

        // Lambda delivers the batch again (a retried invocation) after the sweep judged it.
        assertThat(verifier.handleRequest(batch, null).getBatchItemFailures()).isEmpty();
        assertThat(pendingItems()).as("the batch's expectations are remembered again").isNotEmpty();
        CompletenessSweep.Result again = sweep.sweep(now + 2 * SETTLE, lines::add);
        assertThat(again.reported()).as("the gap was reported already").isEmpty();
        assertThat(again.answered()).as("seen's allow and verification (two rules), judged again and answered again").isEqualTo(3);
        assertThat(lines).hasSize(1);
        assertThat(pendingItems()).as("judged again, and taken off the list").isEmpty();
    }

    @Test
    void aReportedFindingExpiresSevenDaysAfterTheReportAPendingOneNever() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "lost", "allow"));
        verifier.handleRequest(stream.nextBatch(), null);
        assertThat(pendingItems()).as("a pending item never expires: it waits to be judged")
                .isNotEmpty().allSatisfy(i -> assertThat(i).doesNotContainKey(PendingExpectations.EXPIRES));

        assertThat(findings(sweep.sweep(now + SETTLE, lines::add))).containsExactly("ALLOW_NEVER_VERIFIED lost authorizer#0:0");

        long sevenDaysAfterTheSweep = (now + SETTLE + Duration.ofDays(7).toMillis()) / 1000;
        assertThat(ddb.scan(b -> b.tableName(pendingTable)).items()).singleElement().satisfies(reported -> assertThat(reported)
                .containsEntry(PendingExpectations.DUE, AttributeValue.fromS("authorizer#0#0#ALLOW_NEVER_VERIFIED"))
                .containsEntry(PendingExpectations.EXPIRES, AttributeValue.fromN(Long.toString(sevenDaysAfterTheSweep))));
        assertThat(ddb.describeTimeToLive(b -> b.tableName(pendingTable)).timeToLiveDescription().attributeName())
                .isEqualTo(PendingExpectations.EXPIRES);
    }

    @Test
    void twoSweepsAtOnceReportEachGapOnce() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        for (int i = 0; i < 20; i++) {
            w.append(record(LineageRecord.Type.DECISION, "authorizer", "lost-" + i, "allow"));
        }
        verifier.handleRequest(stream.nextBatch(), null);
        var first = CompletableFuture.supplyAsync(() -> sweep.sweep(now + SETTLE, lines::add));
        var second = CompletableFuture.supplyAsync(() -> sweep.sweep(now + SETTLE, lines::add));
        assertThat(first.join().reported().size() + second.join().reported().size()).isEqualTo(20);
        assertThat(lines).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void aBrokenRecordIsAChainBreakNotAnExpectation() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "ok", "allow"));
        // A forged allow an hour in the past: BACKDATED as it lands; its own "answer" is never awaited.
        w.append(LineageRecord.draft(LineageRecord.Type.DECISION).function("authorizer").execId("forged").decision("allow")
                .ts(now - 3_600_000).build());
        verifier.handleRequest(stream.nextBatch(), null);
        assertThat(lines).singleElement().asString().contains("\"reason\":\"BACKDATED\"");
        assertThat(findings(sweep.sweep(now + SETTLE, l -> { }))).containsExactly("ALLOW_NEVER_VERIFIED ok authorizer#0:0");
    }

    @Test
    void withoutAPendingTableTheStreamVerifierChecksLinksOnlyAndTheSweepFailsLoudly() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "lost", "allow"));
        try (ApplicationContext linksOnly = ApplicationContext.run(Map.of("writ.lineage.table", stream.table()))) {
            assertThat(new StreamVerifierFunction(linksOnly, lines::add).handleRequest(stream.nextBatch(), null).getBatchItemFailures()).isEmpty();
            assertThat(lines).isEmpty();
            assertThatThrownBy(() -> new CompletenessSweepFunction(linksOnly, lines::add).handleRequest(new ScheduledEvent(), null))
                    .hasStackTraceContaining("WRIT_COMPLETENESS_TABLE is not set");
        }
        assertThat(ddb.scan(b -> b.tableName(pendingTable)).items()).isEmpty();
    }

    @Test
    void theScheduledHandlerSweepsWhatIsDueNow() {
        LineageWriter w = LineageFixtures.writer(ddb, stream.table(), 0);
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "lost", "allow"));
        try (ApplicationContext noSettle = ApplicationContext.run(Map.of("writ.lineage.table", stream.table(),
                "writ.completeness.table", pendingTable, "writ.completeness.settle", 0))) {
            new StreamVerifierFunction(noSettle, lines::add).handleRequest(stream.nextBatch(), null);
            assertThat(new CompletenessSweepFunction(noSettle, lines::add).handleRequest(new ScheduledEvent(), null))
                    .isEqualTo(Map.of("answered", 0, "incomplete", 1));
        }
        assertThat(lines).singleElement().asString().contains("\"execId\":\"lost\"");
    }

    @Test
    void aSettleTimeOutOfRangeIsRefusedAtStart() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("writ.lineage.table", stream.table(),
                "writ.completeness.table", pendingTable, "writ.completeness.settle", -1)).getBean(CompletenessSweep.class))
                .hasStackTraceContaining("WRIT_COMPLETENESS_SETTLE must be 0..");
    }
}
