package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's view of how long a function held an invocation ({@link RuntimeApiRelay#lastHandlerNanos}),
 * which AuthorizerStagesBench splits a call's latency by: from the event handed to the runtime to
 * the runtime's answer, not counting the wait for the invocation.
 */
class RuntimeApiRelayHandlerTimeTest {
    private static final long HELD_MS = 200;

    private HttpServer upstream;
    private RuntimeApiRelay relay;
    private RelayRequests requests;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/.rt/2018-06-01/runtime/invocation/", exchange -> {
            boolean next = exchange.getRequestURI().getPath().endsWith("/next");
            exchange.getRequestBody().readAllBytes();
            if (next) {
                exchange.getResponseHeaders().add("lambda-runtime-aws-request-id", "r-1");
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
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
    void fromTheEventHandedToTheRuntimeToItsAnswer() throws Exception {
        assertThat(relay.lastHandlerNanos()).as("no invocation yet").isZero();
        assertThat(requests.send(RelayRequests.RUNTIME_NEXT, "GET", null).get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(relay.lastHandlerNanos()).as("the runtime has not answered").isZero();

        Thread.sleep(HELD_MS);
        assertThat(requests.send("/2018-06-01/runtime/invocation/r-1/response", "POST", null).get(5, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(202);

        assertThat(relay.lastHandlerNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(HELD_MS), TimeUnit.SECONDS.toNanos(5));
    }
}
