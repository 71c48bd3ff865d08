package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.writ.audit.Completeness;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    private final GatedPayments functions = new GatedPayments();

    @BeforeEach
    void start() throws Exception {
        functions.start();
    }

    @AfterEach
    void stop() {
        functions.close();
    }

    /** An allowed payment whose outcome record could not be written after its answer: it waits in the backlog. */
    private String paymentWithItsOutcomeWaiting() throws Exception {
        functions.lineage.awaitTypes(functions.allowedCall(), 3); // init, JIT and the first writes out of the way
        functions.gate.fail("outcome");
        String jti = functions.allowedCall();
        awaitOutput("deferred lineage records not written; kept");
        assertThat(functions.lineage.awaitTypes(jti, 2)).containsExactlyInAnyOrder("decision", "verification");
        return jti;
    }

    @Test
    void aBacklogWaitingWhenTheEnvironmentShutsDownIsWrittenBeforeTheProcessEnds() throws Exception {
        String jti = paymentWithItsOutcomeWaiting();
        functions.gate.fail(null); // DynamoDB answers again, but no invocation comes to write the backlog

        long start = System.nanoTime();
        assertThat(functions.payments.terminate(EXIT_LIMIT)).as("exited after SIGTERM").isTrue();
        System.out.printf("LineageAtShutdownIT: SIGTERM to exit, the backlog written on the way: %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());

        assertThat(functions.lineage.types(jti)).containsExactlyInAnyOrder("decision", "verification", "outcome");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        functions.lineage.records().forEach(completeness);
        assertThat(completeness.findings()).isEmpty();
    }

    @Test
    void aBacklogThatStillCannotBeWrittenAtShutdownIsLoggedLostAndTheAuditorNamesItsExecution() throws Exception {
        String jti = paymentWithItsOutcomeWaiting();

        assertThat(functions.payments.terminate(EXIT_LIMIT)).as("exited after SIGTERM").isTrue();

        assertThat(functions.payments.output()).contains("deferred lineage records not written before the process ended: they are lost");
        assertThat(functions.lineage.types(jti)).containsExactlyInAnyOrder("decision", "verification");
        Completeness completeness = new Completeness(Long.MAX_VALUE);
        functions.lineage.records().forEach(completeness);
        assertThat(completeness.findings()).extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_OUTCOME, jti));
    }

    private void awaitOutput(String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!functions.payments.output().contains(text) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(functions.payments.output()).contains(text);
    }
}
