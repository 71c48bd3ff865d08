package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's idle signal the latency benches wait for: a function is idle only while its runtime's
 * request for the next invocation waits at the emulator, so never while an extension still works
 * on the last invocation; and how long the function held an invocation, which AuthorizerStagesBench
 * splits a call by. The upstream here hands out an invocation only when the test queues one,
 * as the emulator does when it is invoked.
 */
class RuntimeApiRelayIdleTest {
    private static final Duration NOT_IDLE = Duration.ofMillis(300);
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration HELD = Duration.ofMillis(200);
    /** Longer than an invocation is held here, so a time counted from the runtime's next would show. */
    private static final Duration WAITED = Duration.ofMillis(1500);

    private HttpServer upstream;
    private RuntimeApiRelay relay;
    private final BlockingQueue<String> invocations = new LinkedBlockingQueue<>();
    private RelayRequests requests;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/.rt/2018-06-01/runtime/invocation/next", exchange -> {
            try {
                String id = invocations.take();
                exchange.getResponseHeaders().add("lambda-runtime-aws-request-id", id);
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        relay = new RuntimeApiRelay("127.0.0.1:" + upstream.getAddress().getPort());
        requests = new RelayRequests(relay);
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.stop(0);
    }

    @Test
    void idleOnlyWhileTheRuntimesNextWaitsAtTheEmulatorAfterTheExtensionFinished() throws Exception {
        String extension = requests.send(RelayRequests.EXTENSION_REGISTER, "POST", null).get(5, TimeUnit.SECONDS)
                .headers().firstValue("lambda-extension-identifier").orElseThrow();
        assertThat(relay.awaitIdle(NOT_IDLE)).as("init: the runtime has not asked for an invocation").isFalse();

        CompletableFuture<HttpResponse<String>> first = requests.send(RelayRequests.RUNTIME_NEXT, "GET", null);
        assertThat(relay.awaitIdle(NOT_IDLE)).as("the extension has not asked for its first event").isFalse();
        CompletableFuture<HttpResponse<String>> firstEvent = requests.send(RelayRequests.EXTENSION_NEXT, "GET", extension);
        assertThat(relay.awaitIdle(IDLE)).as("runtime and extension wait for an invocation").isTrue();

        invocations.add("r-1");
        assertThat(first.get(5, TimeUnit.SECONDS).headers().firstValue("lambda-runtime-aws-request-id")).hasValue("r-1");
        assertThat(firstEvent.get(5, TimeUnit.SECONDS).body()).contains("\"requestId\":\"r-1\"");
        assertThat(relay.awaitIdle(NOT_IDLE)).as("r-1 is running").isFalse();

        // The runtime answered r-1 and asks again; the extension still writes r-1's records.
        CompletableFuture<HttpResponse<String>> second = requests.send(RelayRequests.RUNTIME_NEXT, "GET", null);
        assertThat(relay.awaitIdle(NOT_IDLE)).as("the extension's work after the response is not over").isFalse();
        assertThat(second).isNotDone();

        requests.send(RelayRequests.EXTENSION_NEXT, "GET", extension);
        assertThat(relay.awaitIdle(IDLE)).as("the extension finished and the runtime's next waits upstream").isTrue();
        invocations.add("r-2");
        assertThat(second.get(5, TimeUnit.SECONDS).headers().firstValue("lambda-runtime-aws-request-id")).hasValue("r-2");
    }

    @Test
    void withoutAnExtensionTheFunctionIsIdleOnceItsRuntimeAsksForTheNextInvocation() throws Exception {
        CompletableFuture<HttpResponse<String>> next = requests.send(RelayRequests.RUNTIME_NEXT, "GET", null);
        assertThat(relay.awaitIdle(IDLE)).isTrue();
        invocations.add("r-1");
        next.get(5, TimeUnit.SECONDS);
        assertThat(relay.awaitIdle(NOT_IDLE)).isFalse();
    }

    @Test
    void heldFromTheEventHandedToTheRuntimeToItsAnswerNotCountingTheWaitForIt() throws Exception {
        CompletableFuture<HttpResponse<String>> next = requests.send(RelayRequests.RUNTIME_NEXT, "GET", null);
        Thread.sleep(WAITED.toMillis());
        assertThat(relay.lastHandlerNanos()).as("no invocation yet").isZero();
        invocations.add("r-1");
        next.get(5, TimeUnit.SECONDS);
        assertThat(relay.lastHandlerNanos()).as("the runtime has not answered").isZero();

        Thread.sleep(HELD.toMillis());
        requests.send("/2018-06-01/runtime/invocation/r-1/response", "POST", null).get(5, TimeUnit.SECONDS);

        assertThat(relay.lastHandlerNanos()).isBetween(HELD.toNanos(), WAITED.toNanos());
    }
}
