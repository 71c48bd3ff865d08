package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.writ.audit.Completeness;
import dev.writ.testsupport.Emulators;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a packaged guarded function does with lineage records still waiting when Lambda shuts its
 * environment down: Lambda sends the runtime {@code SIGTERM} (the {@code writ-lineage} extension is
 * registered) and leaves it 500 ms before {@code SIGKILL}. The function's outcome write fails
 * behind a {@link LineageGate} answering DynamoDB's {@code InternalServerError}, so the record
 * waits in the backlog; then no invocation comes, and the JVM gets {@code SIGTERM}.
 */
class LineageAtShutdownIT {
    /** Lambda's shutdown window for a runtime with an internal extension is 500 ms; this is the test's patience on a loaded machine. */
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);
    private WritStack stack;
    private LineageGate gate;
    private PackagedFunction authorizer;
    private PackagedFunction payments;
    private final DynamoDbClient dynamo = Emulators.dynamoDb();
    private ExecutionLineage lineage;

    @BeforeEach
    void start() throws Exception {
        stack = WritStack.create();
        lineage = new ExecutionLineage(dynamo, stack.lineageTable());
        gate = new LineageGate(System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", System.getenv("AWS_ENDPOINT_URL")));
        Map<String, String> throughGate = Map.of("AWS_ENDPOINT_URL_DYNAMODB", gate.endpoint());
        authorizer = stack.startAuthorizer("kms", throughGate);
        payments = stack.startGuardedPayments(throughGate);
    }

    @AfterEach
    void stop() {
        Processes.closeAll(payments, authorizer, gate, stack);
    }

    /** An allowed payment whose outcome record could not be written after its answer: it waits in the backlog. */
    private String paymentWithItsOutcomeWaiting() throws Exception {
        lineage.awaitTypes(AllowedCall.run(stack, authorizer, payments), 3); // init, JIT and the first writes out of the way
        gate.fail("outcome");
        String jti = AllowedCall.run(stack, authorizer, payments);
        awaitOutput("deferred lineage records not written; kept");
        assertThat(lineage.awaitTypes(jti, 2)).containsExactlyInAnyOrder("decision", "verification");
        return jti;
    }

    @Test
    void aBacklogWaitingWhenTheEnvironmentShutsDownIsWrittenBeforeTheProcessEnds() throws Exception {
        String jti = paymentWithItsOutcomeWaiting();
        gate.fail(null); // DynamoDB answers again, but no invocation comes to write the backlog

        long start = System.nanoTime();
        assertThat(payments.terminate(EXIT_LIMIT)).as("exited after SIGTERM").isTrue();
        System.out.printf("LineageAtShutdownIT: SIGTERM to exit, the backlog written on the way: %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());

        assertThat(lineage.types(jti)).containsExactlyInAnyOrder("decision", "verification", "outcome");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        lineage.records().forEach(completeness);
        assertThat(completeness.findings()).isEmpty();
    }

    @Test
    void aBacklogThatStillCannotBeWrittenAtShutdownIsLoggedLostAndTheAuditorNamesItsExecution() throws Exception {
        String jti = paymentWithItsOutcomeWaiting();

        assertThat(payments.terminate(EXIT_LIMIT)).as("exited after SIGTERM").isTrue();

        assertThat(payments.output()).contains("deferred lineage records not written before the process ended: they are lost");
        assertThat(lineage.types(jti)).containsExactlyInAnyOrder("decision", "verification");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        lineage.records().forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, jti));
    }

    private void awaitOutput(String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!payments.output().contains(text) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(payments.output()).contains(text);
    }
}
