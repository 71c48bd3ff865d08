package dev.writ.audit;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.GuardEvents;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.writ.WritClaims;
import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TcpRelay;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The guard's records written after the response (docs/architecture.md#lineage-after-the-response),
 * over DynamoDB Local taken away and given back by a TCP relay while the guard runs: outside Lambda
 * the deferred records are written when the invocation ends, so the relay is switched off inside
 * the handler, after the verification record and before the outcome.
 */
class DeferredLineageIT {

    private DynamoDbClient direct;
    private String table;
    private TcpRelay relay;
    private DynamoDbClient throughRelay;
    private LineageConfig config;
    private final ByteArrayOutputStream alarms = new ByteArrayOutputStream();
    private final List<String> ran = new ArrayList<>();
    private PrintStream stdout;

    @BeforeEach
    void table() {
        direct = Emulators.dynamoDb();
        table = "writ-lineage-deferred-" + UUID.randomUUID();
        LineageTable.create(direct, table);
        relay = new TcpRelay(URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", System.getenv("AWS_ENDPOINT_URL"))));
        throughRelay = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(relay.endpoint()).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        config = LineageConfig.builder().table(table).shards(1).shard(0).maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
        // The backlog's alarm line goes to standard output, as in Lambda (CloudWatch).
        stdout = System.out;
        System.setOut(new PrintStream(alarms, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        System.setOut(stdout);
        throughRelay.close();
        relay.close();
    }

    private Guard guard() {
        return Guard.create(GuardConfig.builder()
                .verifier(Fixtures.verifierConfig().build())
                .logTo(new PrintStream(OutputStream.nullOutputStream()))
                .lineage(LineageWriter.create(config, () -> throughRelay))
                .build());
    }

    private APIGatewayProxyResponseEvent call(Guard guard, WritClaims writ, Runnable inHandler) {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy",
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", Fixtures.token(writ))));
        return guard.handle(event, new TestContext(FUNCTION), (in, c, w) -> {
            ran.add(w.id());
            inHandler.run();
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("paid");
        });
    }

    private void dynamoDbStops() {
        relay.set(TcpRelay.State.DOWN);
        relay.cut();
    }

    @Test
    void dynamoDbStoppedAfterTheResponseKeepsTheOutcomeRefusesTheNextInvocationAndLosesNothingWhenItReturns() {
        Guard guard = guard();
        WritClaims first = Fixtures.validWrit().id("exec-first").build();
        WritClaims refused = Fixtures.validWrit().id("exec-refused").build();
        WritClaims third = Fixtures.validWrit().id("exec-third").build();

        assertThat(call(guard, first, this::dynamoDbStops).getStatusCode()).isEqualTo(200);
        assertThat(types("exec-first")).as("the verification before the handler; the outcome waits")
                .containsExactly("verification");
        assertThat(alarms.toString(StandardCharsets.UTF_8)).contains("\"level\":\"ALARM\"").contains("\"pending\":1");

        APIGatewayProxyResponseEvent second = call(guard, refused, () -> { });
        assertThat(second.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(second.getBody())).containsEntry("code", "LINEAGE_UNAVAILABLE");
        assertThat(ran).as("refused while the backlog cannot be written").containsExactly("exec-first");

        relay.set(TcpRelay.State.UP);
        assertThat(call(guard, third, () -> { }).getStatusCode()).isEqualTo(200);
        assertThat(ran).containsExactly("exec-first", "exec-third");

        List<LineageRecord> chain = chain();
        assertThat(chain).extracting(r -> r.type().wire() + " " + r.execId().orElse("-"))
                .as("nothing lost, nothing twice, in the order it happened")
                .containsExactly("verification exec-first", "outcome exec-first", "denial -",
                        "verification exec-third", "outcome exec-third");
        assertThat(chain.get(2).reason()).contains("LINEAGE_UNAVAILABLE");
        List<ChainVerdict> verdicts = LineageAudit.create(config, () -> direct, Optional.empty()).verifyAll(VerifyProgress.none());
        assertThat(verdicts).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        chain.forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .as("only what this test has no authorizer for: each writ's decision")
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_DECISION, "exec-first"),
                        tuple(Completeness.Gap.VERIFICATION_WITHOUT_DECISION, "exec-third"));
    }

    @Test
    void anEnvironmentThatEndsBeforeItsBacklogIsWrittenIsNamedByTheAuditor() {
        WritClaims lost = Fixtures.validWrit().id("exec-lost").build();
        assertThat(call(guard(), lost, this::dynamoDbStops).getStatusCode()).isEqualTo(200);
        // The process ends here with the outcome only in memory: nothing else will write it.

        List<LineageRecord> chain = chain();
        assertThat(chain).extracting(r -> r.type().wire()).containsExactly("verification");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        chain.forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, "exec-lost"),
                        tuple(Completeness.Gap.VERIFICATION_WITHOUT_DECISION, "exec-lost"));
    }

    private List<String> types(String execId) {
        return chain().stream().filter(r -> r.execId().filter(execId::equals).isPresent()).map(r -> r.type().wire()).toList();
    }

    private List<LineageRecord> chain() {
        List<Map<String, AttributeValue>> items = direct.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("chain = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(config.chainFor(FUNCTION))))).items();
        return items.stream().map(LineageRecord::fromItem).toList();
    }
}
