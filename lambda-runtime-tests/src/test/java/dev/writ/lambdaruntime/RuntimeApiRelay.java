package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A pass-through between a function's runtime client and cargo-lambda's runtime API that makes up
 * for three differences from the real Lambda runtime API, each of which stops the Java runtime
 * interface client (tried here with 2.9.0):
 * <ul>
 *   <li>a {@code Content-Type} header. Without one, the Java runtime interface client's native HTTP
 *       client (aws-lambda-cpp inside {@code libaws-lambda-jni}) takes the missing content type as a
 *       null C string and the JVM dies with SIGSEGV in {@code NativeClient.next()} (tried here with
 *       2.9.0);</li>
 *   <li>an absolute {@code Lambda-Runtime-Deadline-Ms} (epoch milliseconds). The emulator sends a
 *       fixed 600000, which the client reads as a deadline in 1970.</li>
 *   <li>{@code 202 Accepted} for a posted response or error ({@code .../response}, {@code .../error}).
 *       The emulator answers 200; the client's error path ({@code reportInvocationError}) accepts
 *       only 202 and otherwise ends the runtime loop, so the first handler error (the authorizer's
 *       {@code Unauthorized}) would kill the function.</li>
 * </ul>
 * And one the emulator does not do at all: Lambda sends the next invocation only once the runtime
 * and every registered extension asked for their next event, so an extension can hold an
 * invocation open after the runtime answered (the guard's lineage extension writes its records
 * then). The emulator serves the Extensions API (register, {@code INVOKE} events) but hands the
 * runtime its next invocation at once, so the relay holds the runtime's
 * {@code .../runtime/invocation/next} until every extension registered through it has received
 * the {@code INVOKE} event of each invocation so far and asked for its next event.
 * Everything else (paths, bodies, the other headers, status codes) is forwarded unchanged both ways.
 */
final class RuntimeApiRelay implements AutoCloseable {
    // Headers java.net.http sets itself or refuses, and hop-by-hop ones.
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "date", "keep-alive");
    private static final String DEADLINE = "lambda-runtime-deadline-ms";

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final String upstream;
    private final java.util.concurrent.atomic.AtomicLong firstNext = new java.util.concurrent.atomic.AtomicLong();
    private final Extensions extensions = new Extensions();

    /** @param upstreamHost host:port of the emulator */
    RuntimeApiRelay(String upstreamHost) {
        this.upstream = "http://" + upstreamHost;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api-relay");
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    /** host:port to give the runtime client (it adds the path prefix of the emulator itself). */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * {@link System#nanoTime()} when the runtime client first asked for an invocation, which it does
     * once the function's init is done; 0 before that.
     */
    long firstNextNanos() {
        return firstNext.get();
    }

    private void relay(HttpExchange exchange) throws IOException {
        String requested = exchange.getRequestURI().getPath();
        String extensionId = exchange.getRequestHeaders().getFirst("Lambda-Extension-Identifier");
        if (requested.endsWith("/runtime/invocation/next")) {
            firstNext.compareAndSet(0, System.nanoTime());
            extensions.awaitAllWaiting();
        } else if (requested.endsWith("/extension/event/next") && extensionId != null) {
            extensions.waiting(extensionId);
        }
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    h.getValue().forEach(v -> request.header(h.getKey(), v));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            boolean next = requested.endsWith("/runtime/invocation/next");
            if (next && response.statusCode() == 200) {
                extensions.invocationDelivered();
            } else if (requested.endsWith("/extension/event/next") && extensionId != null) {
                extensions.eventDelivered(extensionId, response.statusCode() == 200);
            } else if (requested.endsWith("/extension/register") && response.statusCode() == 200) {
                response.headers().firstValue("lambda-extension-identifier").ifPresent(extensions::registered);
            }
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (NOT_FORWARDED.contains(lower)) {
                    return;
                }
                if (next && lower.equals(DEADLINE)) {
                    exchange.getResponseHeaders().add(name, absoluteDeadline(values.get(0)));
                } else {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            if (next && response.headers().firstValue("content-type").isEmpty()) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            String path = exchange.getRequestURI().getPath();
            int status = response.statusCode() == 200 && (path.endsWith("/response") || path.endsWith("/error"))
                    ? 202 : response.statusCode();
            byte[] out = response.body();
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    /** What the extensions registered through the relay have received and asked for. */
    private static final class Extensions {
        private final Map<String, Integer> eventsReceived = new java.util.HashMap<>();
        private final Set<String> waiting = new java.util.HashSet<>();
        private int invocations;

        synchronized void registered(String id) {
            eventsReceived.put(id, invocations);
        }

        synchronized void waiting(String id) {
            waiting.add(id);
            notifyAll();
        }

        synchronized void eventDelivered(String id, boolean delivered) {
            waiting.remove(id);
            if (delivered) {
                eventsReceived.merge(id, 1, Integer::sum);
            }
        }

        synchronized void invocationDelivered() {
            invocations++;
        }

        /** Until every extension has had each invocation's event and asked for the next one. */
        synchronized void awaitAllWaiting() {
            try {
                while (!eventsReceived.entrySet().stream()
                        .allMatch(e -> e.getValue() >= invocations && waiting.contains(e.getKey()))) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A value below year 2001 in epoch ms is a duration from now (what the emulator sends). */
    static String absoluteDeadline(String value) {
        try {
            long ms = Long.parseLong(value.trim());
            return Long.toString(ms < 1_000_000_000_000L ? System.currentTimeMillis() + ms : ms);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
