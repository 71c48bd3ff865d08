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
 * for four differences from the real Lambda runtime API, each of which stops the Java runtime
 * interface client (tried here with 2.9.0) or loses what a caller sent:
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
 *   <li>a {@code Lambda-Runtime-Client-Context} that is the client context's JSON, which the client
 *       parses as JSON. The emulator base64-encodes the value it was given at its invoke API, so
 *       without decoding a caller's client context (where a hop's child writ travels) never reaches
 *       the handler's {@code Context.getClientContext()}.</li>
 * </ul>
 * Everything else (paths, bodies, the other headers, status codes) is forwarded unchanged both ways.
 */
final class RuntimeApiRelay implements AutoCloseable {
    // Headers java.net.http sets itself or refuses, and hop-by-hop ones.
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "date", "keep-alive");
    private static final String DEADLINE = "lambda-runtime-deadline-ms";
    private static final String CLIENT_CONTEXT = "lambda-runtime-client-context";

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final String upstream;
    private final java.util.concurrent.atomic.AtomicLong firstNext = new java.util.concurrent.atomic.AtomicLong();

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
        if (exchange.getRequestURI().getPath().endsWith("/runtime/invocation/next")) {
            firstNext.compareAndSet(0, System.nanoTime());
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
            boolean next = exchange.getRequestURI().getPath().endsWith("/runtime/invocation/next");
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (NOT_FORWARDED.contains(lower)) {
                    return;
                }
                if (next && lower.equals(DEADLINE)) {
                    exchange.getResponseHeaders().add(name, absoluteDeadline(values.get(0)));
                } else if (next && lower.equals(CLIENT_CONTEXT)) {
                    exchange.getResponseHeaders().add(name, clientContextJson(values.get(0)));
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

    /** A value below year 2001 in epoch ms is a duration from now (what the emulator sends). */
    static String absoluteDeadline(String value) {
        try {
            long ms = Long.parseLong(value.trim());
            return Long.toString(ms < 1_000_000_000_000L ? System.currentTimeMillis() + ms : ms);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The client context's JSON from the emulator's base64 of it; a value that is not base64 stays as it is. */
    static String clientContextJson(String value) {
        try {
            return new String(java.util.Base64.getDecoder().decode(value.trim()), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return value;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
