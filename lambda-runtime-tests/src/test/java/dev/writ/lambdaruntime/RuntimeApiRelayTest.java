package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's three corrections, against an upstream that answers as cargo-lambda 1.9.2 does (headers as observed). */
class RuntimeApiRelayTest {
    private HttpServer upstream;
    private RuntimeApiRelay relay;
    private final AtomicReference<String> postedBody = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/.rt/2018-06-01/runtime/invocation/next", exchange -> {
            byte[] event = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("lambda-runtime-aws-request-id", "r-1");
            exchange.getResponseHeaders().add("lambda-runtime-deadline-ms", "600000");
            exchange.getResponseHeaders().add("lambda-runtime-invoked-function-arn", "function-arn");
            // What cargo-lambda sends for a client context {"custom":{"writ":"w"}} given at its invoke API.
            exchange.getResponseHeaders().add("lambda-runtime-client-context", "eyJjdXN0b20iOnsid3JpdCI6IncifX0=");
            exchange.sendResponseHeaders(200, event.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(event);
            }
        });
        upstream.createContext("/.rt/2018-06-01/runtime/invocation/r-1/", exchange -> {
            postedBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/bogus") ? 404 : 200, -1);
            exchange.close();
        });
        upstream.start();
        relay = new RuntimeApiRelay("127.0.0.1:" + upstream.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://" + relay.address() + "/.rt/2018-06-01/runtime/invocation/" + path);
    }

    @Test
    void nextGetsAContentTypeAndAnAbsoluteDeadlineAndKeepsTheRest() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(uri("next")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"a\":1}");
        assertThat(next.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(next.headers().firstValue("lambda-runtime-aws-request-id")).hasValue("r-1");
        assertThat(next.headers().firstValue("lambda-runtime-invoked-function-arn")).hasValue("function-arn");
        long deadline = Long.parseLong(next.headers().firstValue("lambda-runtime-deadline-ms").orElseThrow());
        assertThat(deadline).isBetween(before + 600_000, System.currentTimeMillis() + 600_000);
    }

    @Test
    void nextCarriesTheFunctionsArnWhenTheRelayIsGivenOne() throws Exception {
        // The emulator's literal "function-arn" leaves a guard without its account and region.
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:ledger-post";
        try (RuntimeApiRelay named = new RuntimeApiRelay("127.0.0.1:" + upstream.getAddress().getPort(), arn)) {
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + named.address() + "/.rt/2018-06-01/runtime/invocation/next")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(next.headers().allValues("lambda-runtime-invoked-function-arn")).containsExactly(arn);
            assertThat(next.headers().firstValue("lambda-runtime-aws-request-id")).hasValue("r-1");

            // Served under the name callers invoke it by, the function is invoked as that ARN from then on.
            named.invokedAs(arn + "-v2");
            HttpResponse<String> after = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + named.address() + "/.rt/2018-06-01/runtime/invocation/next")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.headers().allValues("lambda-runtime-invoked-function-arn")).containsExactly(arn + "-v2");
        }
    }

    @Test
    void postedResponsesAndErrorsAreAcceptedWith202AndForwardedUnchanged() throws Exception {
        for (String kind : new String[] {"response", "error"}) {
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri("r-1/" + kind))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"statusCode\":201}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(posted.statusCode()).as(kind).isEqualTo(202);
            assertThat(postedBody.get()).isEqualTo("{\"statusCode\":201}");
        }
    }

    @Test
    void otherStatusesPassThrough() throws Exception {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri("r-1/bogus"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(404);
    }

    @Test
    void nextHandsTheClientContextOnAsTheJsonTheRuntimeClientParses() throws Exception {
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(uri("next")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(next.headers().firstValue("lambda-runtime-client-context")).hasValue("{\"custom\":{\"writ\":\"w\"}}");
        assertThat(RuntimeApiRelay.clientContextJson("{not base64}")).isEqualTo("{not base64}");
    }

    @Test
    void anAbsoluteDeadlineIsLeftAlone() {
        assertThat(RuntimeApiRelay.absoluteDeadline("1795320000000")).isEqualTo("1795320000000");
        assertThat(RuntimeApiRelay.absoluteDeadline("not-a-number")).isEqualTo("not-a-number");
    }
}
