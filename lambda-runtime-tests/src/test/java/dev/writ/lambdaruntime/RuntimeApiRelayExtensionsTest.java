package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Extensions API as the relay serves it (register, {@code INVOKE} events), and its hold on the
 * runtime's next invocation, in front of an upstream that answers the runtime's next at once, as
 * cargo-lambda 1.9.2 does.
 */
class RuntimeApiRelayExtensionsTest {
    private static final Duration HELD = Duration.ofMillis(300);

    private HttpServer upstream;
    private RuntimeApiRelay relay;
    private String extensionId;
    private final AtomicInteger invocations = new AtomicInteger();
    private RelayRequests requests;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        upstream.createContext("/.rt/2018-06-01/runtime/invocation/next", exchange -> {
            String id = "r-" + invocations.incrementAndGet();
            exchange.getResponseHeaders().add("lambda-runtime-aws-request-id", id);
            exchange.getResponseHeaders().add("lambda-runtime-deadline-ms", "600000");
            answer(exchange, "{}");
        });
        upstream.start();
        relay = new RuntimeApiRelay("127.0.0.1:" + upstream.getAddress().getPort());
        requests = new RelayRequests(relay);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.stop(0);
    }

    private CompletableFuture<HttpResponse<String>> runtimeNext() {
        return requests.send(RelayRequests.RUNTIME_NEXT, "GET", null);
    }

    private CompletableFuture<HttpResponse<String>> extensionNext() {
        return requests.send(RelayRequests.EXTENSION_NEXT, "GET", extensionId);
    }

    @Test
    void theRuntimesNextInvocationWaitsUntilTheExtensionAskedForItsNextEvent() throws Exception {
        HttpResponse<String> registered = requests.send(RelayRequests.EXTENSION_REGISTER, "POST", null).get(5, TimeUnit.SECONDS);
        extensionId = registered.headers().firstValue("lambda-extension-identifier").orElseThrow();

        CompletableFuture<HttpResponse<String>> first = runtimeNext();
        Thread.sleep(HELD.toMillis());
        assertThat(first).as("init is not over before the extension asked for its first event").isNotDone();

        CompletableFuture<HttpResponse<String>> event = extensionNext();
        assertThat(first.get(5, TimeUnit.SECONDS).headers().firstValue("lambda-runtime-aws-request-id")).hasValue("r-1");
        long before = System.currentTimeMillis();
        assertThat(event.get(5, TimeUnit.SECONDS).body()).contains("\"eventType\":\"INVOKE\"").contains("\"requestId\":\"r-1\"");
        long deadline = ((Number) dev.writ.core.json.Json.parseObject(event.get().body()).get("deadlineMs")).longValue();
        assertThat(deadline).as("absolute, as Lambda sends it").isGreaterThan(before);

        // The runtime answered r-1 and asks again while the extension is still writing.
        CompletableFuture<HttpResponse<String>> second = runtimeNext();
        Thread.sleep(HELD.toMillis());
        assertThat(second).as("held while the extension works after the response").isNotDone();
        assertThat(invocations).as("not even asked upstream").hasValue(1);

        CompletableFuture<HttpResponse<String>> nextEvent = extensionNext();
        assertThat(second.get(5, TimeUnit.SECONDS).headers().firstValue("lambda-runtime-aws-request-id")).hasValue("r-2");
        assertThat(nextEvent.get(5, TimeUnit.SECONDS).body()).contains("\"requestId\":\"r-2\"");
    }

    @Test
    void anUnknownExtensionIsRefused() throws Exception {
        assertThat(requests.send(RelayRequests.EXTENSION_NEXT, "GET", "nobody").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    }

    @Test
    void withoutAnExtensionTheRuntimesNextIsNotHeld() throws Exception {
        assertThat(runtimeNext().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(runtimeNext().get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
