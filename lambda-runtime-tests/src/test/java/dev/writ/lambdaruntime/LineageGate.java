package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP pass-through to DynamoDB Local that can hold back the writes of lineage records of one
 * type: a request whose body carries {@code "type":{"S":"<held>"}} waits until {@link #release()}
 * (or the gate closes: then it is dropped, never forwarded). Everything else is forwarded at once, so a
 * function's verification record goes through while its outcome is held: the moment between the
 * response and the write, made as long as a test needs.
 */
final class LineageGate implements AutoCloseable {
    private final LoopbackServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String upstream;
    private final AtomicInteger held = new AtomicInteger();
    private volatile String holding;
    private volatile String failing;
    private final Object released = new Object();

    LineageGate(String upstream) {
        this.upstream = upstream;
        server = new LoopbackServer("lineage-gate", this::pass);
    }

    /** The endpoint to give a function as {@code AWS_ENDPOINT_URL_DYNAMODB}. */
    String endpoint() {
        return server.base();
    }

    /** Holds every write of records of {@code type} ({@code outcome}, {@code decision} ...) from now on. */
    void hold(String type) {
        holding = type;
    }

    /**
     * Answers every write of records of {@code type} with DynamoDB's {@code InternalServerError}
     * (HTTP 500) from now on, without forwarding it: a write that fails, as when DynamoDB is down.
     * {@code null} ends it.
     */
    void fail(String type) {
        failing = type;
    }

    /** Lets the held writes go on, and later ones pass. */
    void release() {
        synchronized (released) {
            holding = null;
            released.notifyAll();
        }
    }

    /** How many writes have been held so far. */
    int held() {
        return held.get();
    }

    /** How many writes have been held so far, once there are {@code count} (10 s at most). */
    int awaitHeld(int count) throws InterruptedException {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (held.get() < count && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return held.get();
    }

    private void pass(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (carries(body, failing)) {
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                Forwarding.respond(exchange, 500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"failed by the lineage gate\"}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (carries(body, holding)) {
                held.incrementAndGet();
                synchronized (released) {
                    while (holding != null) {
                        try {
                            released.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
            HttpRequest.Builder request = Forwarding.request(upstream, exchange, body);
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (Forwarding.forwarded(name)) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            Forwarding.respond(exchange, response.statusCode(), response.body());
        }
    }

    private static boolean carries(byte[] body, String type) {
        return type != null && new String(body, StandardCharsets.UTF_8).contains("\"type\":{\"S\":\"" + type + "\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
