package dev.writ.guard.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lineage extension's writers start only once the runtime client has posted the answer (the
 * thread that reported the response is back in its request for the next invocation), so they do
 * not share the CPU with that post; at most {@link LambdaExtension#POSTING_LIMIT} later, and never
 * again when that loop was never recognised.
 */
class LambdaExtensionPostTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void theRuntimeClientsNativeNextIsRecognisedAndItsPostIsNot() {
        String client = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient";
        StackTraceElement caller = new StackTraceElement(client.replace("NativeClient", "LambdaRuntimeApiClientImpl"),
                "nextInvocation", "LambdaRuntimeApiClientImpl.java", 55);
        assertThat(LambdaExtension.inNextInvocation(new StackTraceElement[] {
            new StackTraceElement(client, "next", null, -2), caller})).isTrue();
        assertThat(LambdaExtension.inNextInvocation(new StackTraceElement[] {
            new StackTraceElement(client, "postInvocationResponse", null, -2), caller})).isFalse();
        assertThat(LambdaExtension.inNextInvocation(new StackTraceElement[] {
            new StackTraceElement("example.Handler", "next", "Handler.java", 12), caller})).as("not native").isFalse();
        assertThat(LambdaExtension.inNextInvocation(new StackTraceElement[0])).isFalse();
    }

    @Test
    void theWritersWaitUntilTheAnswerIsPosted() {
        AtomicInteger looks = new AtomicInteger();
        // Posted at the third look at the thread that responded.
        LambdaExtension extension = new LambdaExtension("http://unused", "id", QUIET, thread -> looks.incrementAndGet() >= 3);
        extension.responded("r1");
        extension.awaitAnswerPosted();
        assertThat(looks).as("returned only once posted").hasValue(3);
    }

    @Test
    void aRuntimeLoopNeverRecognisedStopsTheWaitingAfterTheFirstLimit() {
        AtomicInteger looks = new AtomicInteger();
        LambdaExtension extension = new LambdaExtension("http://unused", "id", QUIET, thread -> looks.incrementAndGet() < 0);
        extension.responded("r1");
        long start = System.nanoTime();
        extension.awaitAnswerPosted();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(LambdaExtension.POSTING_LIMIT.toNanos());
        int afterFirst = looks.get();
        extension.responded("r2");
        extension.awaitAnswerPosted();
        assertThat(looks.get()).as("no second wait").isEqualTo(afterFirst);
    }

    @Test
    void aSlowPostAfterPostsWereSeenKeepsTheWaiting() {
        AtomicInteger looks = new AtomicInteger();
        LambdaExtension extension = new LambdaExtension("http://unused", "id", QUIET, thread -> looks.incrementAndGet() == 1);
        extension.responded("r1");
        extension.awaitAnswerPosted(); // seen at the first look
        extension.responded("r2");
        extension.awaitAnswerPosted(); // runs out
        int afterSlow = looks.get();
        extension.responded("r3");
        extension.awaitAnswerPosted();
        assertThat(looks.get()).as("still looking").isGreaterThan(afterSlow);
    }
}
