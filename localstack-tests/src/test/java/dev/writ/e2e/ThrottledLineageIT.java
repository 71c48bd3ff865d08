package dev.writ.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.authorizer.Authorizer;
import dev.writ.core.config.Environment;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.testsupport.TestContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB throttling every lineage write, on LocalStack's own fault injection
 * ({@code DYNAMODB_WRITE_ERROR_PROBABILITY}, {@link LocalStackChaos}), with the authorizer and the
 * guard configured as in Lambda (their lineage clients without SDK retries, {@code WRIT_LINEAGE_*}
 * defaults): while writes are throttled, the authorizer's decision record written after its answer
 * waits in its backlog and the next request is refused {@code LINEAGE_UNAVAILABLE} naming the
 * throttling; the guard refuses before the handler runs, within the writer's bound. Once throttling
 * ends, each backlog is written first, every record is stored once, in order, and the chains verify.
 */
class ThrottledLineageIT {
    /**
     * What a refused guarded call may wait here: two writes (the verification record, then the
     * denial record, written before {@code handle} returns outside Lambda), each at most
     * {@code WRIT_LINEAGE_MAX_ATTEMPTS} = 4 answered attempts with at most 10 + 20 + 40 ms of pauses
     * between them, plus LocalStack's answers on a loaded machine. A lineage client with the SDK's
     * own DynamoDB retries inside each attempt would wait seconds per attempt.
     */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(5);
    private static E2eStack stack;
    private static LocalStackChaos chaos;

    @BeforeAll
    static void start() {
        chaos = LocalStackChaos.of(Endpoints.require());
        stack = E2eStack.start("throttled");
    }

    @AfterAll
    static void stop() {
        try {
            if (chaos != null) {
                chaos.throttleWrites(0); // the next test classes share this LocalStack
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void throttledWritesRefuseWithTheirReasonKeepTheBacklogsAndLoseNothingOnceLifted() {
        String token = stack.token("carl", "clerk");
        String function = stack.paymentsFunction;
        // One authorizer and one guard, as one Lambda environment of each keeps them: the backlogs live in them.
        Authorizer authorizer = stack.authorizer("kms");
        CountingPayment payment = new CountingPayment(stack.guard(function, LineageWriter.fromEnvironment(Environment.of(Map.of(
                LineageConfig.TABLE.name(), stack.lineageTable, LineageConfig.SHARD.name(), "0")))));

        E2eStack.Authorized before = E2eStack.authorize(authorizer, token, 100);
        assertThat(pay(payment, token, 100, before).getStatusCode()).isEqualTo(201);

        E2eStack.Authorized allowedWhileThrottled;
        E2eStack.Authorized refusedByTheAuthorizer;
        chaos.throttleWrites(1.0);
        try {
            // The authorizer answers first and writes its decision record after: the answer stands,
            // the record waits in the backlog.
            allowedWhileThrottled = E2eStack.authorize(authorizer, token, 200);
            assertThat(allowedWhileThrottled.effect()).isEqualTo("Allow");

            long start = System.nanoTime();
            APIGatewayProxyResponseEvent refused = pay(payment, token, 200, allowedWhileThrottled);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(refused.getStatusCode()).isEqualTo(403);
            assertThat(Json.parseObject(refused.getBody())).containsEntry("code", "LINEAGE_UNAVAILABLE");
            assertThat(payment.runs).as("the handler never ran without its verification record").hasValue(1);
            assertThat(waited).as("the caller's wait for a refusal").isLessThan(REFUSAL_BOUND);

            refusedByTheAuthorizer = E2eStack.authorize(authorizer, token, 300);
            assertThat(refusedByTheAuthorizer.effect()).isEqualTo("Deny");
            assertThat(refusedByTheAuthorizer.decision().reason().name()).isEqualTo("LINEAGE_UNAVAILABLE");
            assertThat(refusedByTheAuthorizer.decision().detail())
                    .contains("earlier decision records not written").contains("ProvisionedThroughputExceededException");
        } finally {
            chaos.throttleWrites(0);
        }

        E2eStack.Authorized after = E2eStack.authorize(authorizer, token, 400);
        assertThat(after.effect()).as("%s", after.decision().detail()).isEqualTo("Allow");
        assertThat(pay(payment, token, 400, after).getStatusCode()).isEqualTo(201);
        assertThat(payment.runs).hasValue(2);

        // Every record once, in the order the requests came: the backlogs went first.
        List<LineageRecord> records = storedRecords();
        assertThat(records).filteredOn(r -> r.type() == LineageRecord.Type.DECISION)
                .extracting(r -> r.decision().orElseThrow() + " " + r.execId().orElse(r.reason().orElseThrow()))
                .containsExactly("allow " + execId(before), "allow " + execId(allowedWhileThrottled),
                        "deny LINEAGE_UNAVAILABLE", "allow " + execId(after));
        assertThat(records).filteredOn(r -> r.chain().equals(E2eStack.chain(function)))
                .extracting(r -> r.type().wire() + " " + r.execId().orElseThrow())
                .containsExactly("verification " + execId(before), "outcome " + execId(before),
                        "denial " + execId(allowedWhileThrottled),
                        "verification " + execId(after), "outcome " + execId(after));
        assertThat(records).filteredOn(r -> r.type() == LineageRecord.Type.DENIAL)
                .singleElement().satisfies(r -> assertThat(r.reason()).hasValue("LINEAGE_UNAVAILABLE"));

        stack.auditor().checkpoint();
        for (String chain : records.stream().map(LineageRecord::chain).distinct().toList()) {
            AuditorApi.Reply verdict = stack.auditor().verify(chain);
            assertThat(verdict.json()).as(verdict.raw()).containsEntry("intact", true);
        }
        WritCommand.Result cli = WritCommand.run("lineage", "verify", "--table", stack.lineageTable, "--kms-key", stack.checkpointKeyArn);
        assertThat(cli.code()).as(cli.out() + "\n" + cli.err()).isZero();
    }

    private static APIGatewayProxyResponseEvent pay(CountingPayment payment, String token, long amount, E2eStack.Authorized authorized) {
        return payment.handleRequest(E2eEvents.proxy(token, amount, authorized.integrationContext(), e -> { }),
                new TestContext(stack.paymentsFunction));
    }

    private static String execId(E2eStack.Authorized authorized) {
        return authorized.decision().writ().orElseThrow().id();
    }

    /** The run's whole lineage table (it holds this test's records only), in each chain's seq order. */
    private static List<LineageRecord> storedRecords() {
        return stack.dynamo.scanPaginator(s -> s.tableName(stack.lineageTable).consistentRead(true)).items().stream()
                .map(LineageRecord::fromItem)
                .filter(r -> r.type() != LineageRecord.Type.CHECKPOINT)
                .sorted(Comparator.comparing(LineageRecord::chain).thenComparingLong(LineageRecord::seq))
                .toList();
    }
}
