package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.Map;

import java.io.OutputStream;
import java.net.http.HttpClient;
import java.util.Set;

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
 *   <li>a {@code Lambda-Runtime-Invoked-Function-Arn} that is the function's ARN. The emulator sends
 *       the literal {@code function-arn}, so a guard would not know its account and region, and
 *       could not accept a hop's child, which names its callee by ARN.</li>
 * </ul>
 * And the Extensions API, which the relay serves itself ({@code .../2020-01-01/extension/register}
 * and {@code .../extension/event/next}, {@code INVOKE} events only): Lambda sends the next
 * invocation only once the runtime and every registered extension asked for their next event, so
 * an extension can hold an invocation open after the runtime answered (the guard's lineage
 * extension writes its records then). cargo-lambda 1.9.2 serves register and event/next but hands
 * the runtime its next invocation at once, and counting its events instead hung the latency bench
 * (probably an event not delivered to an extension whose next arrived just after an invocation
 * was handed out; not proven).
 * So the relay gives each registered extension an {@code INVOKE} event per invocation it hands the
 * runtime (request id and the absolute deadline), and holds the runtime's
 * {@code .../runtime/invocation/next} until every extension has taken its events and asked again.
 * Everything else (paths, bodies, the other headers, status codes) is forwarded unchanged both ways.
 * Because it holds that request, the relay also knows when the function is idle ({@link #awaitIdle}):
 * the runtime's next has passed the hold and waits at the emulator for an invocation.
 */
final class RuntimeApiRelay implements AutoCloseable {
    private static final String DEADLINE = "lambda-runtime-deadline-ms";
    private static final String CLIENT_CONTEXT = "lambda-runtime-client-context";
    private static final String INVOKED_ARN = "lambda-runtime-invoked-function-arn";

    private final LoopbackServer server;
    private final HttpClient client;
    private final String upstream;
    /** The invoked function ARN handed to the runtime; null: the emulator's. */
    private volatile String functionArn;
    private final java.util.concurrent.atomic.AtomicLong firstNext = new java.util.concurrent.atomic.AtomicLong();
    /** {@link System#nanoTime()} when the runtime last got an invocation, and when it then posted a response or error. */
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
    private final Extensions extensions = new Extensions();
    /** Whether the runtime's request for its next invocation is waiting at the emulator: the function is idle. */
    private boolean parked;

    /** @param upstreamHost host:port of the emulator; the emulator's invoked function ARN is passed on */
    RuntimeApiRelay(String upstreamHost) {
        this(upstreamHost, null);
    }

    /**
     * @param upstreamHost host:port of the emulator
     * @param functionArn  the invoked function ARN the runtime gets, or null for the emulator's
     */
    RuntimeApiRelay(String upstreamHost, String functionArn) {
        this.upstream = "http://" + upstreamHost;
        this.functionArn = functionArn;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        server = new LoopbackServer("runtime-api-relay", this::relay);
    }

    /** From the next invocation on, the runtime gets {@code functionArn} as its invoked function ARN. */
    void invokedAs(String functionArn) {
        this.functionArn = functionArn;
    }

    /** host:port to give the runtime client (it adds the path prefix of the emulator itself). */
    String address() {
        return server.base().substring("http://".length());
    }

    /**
     * {@link System#nanoTime()} when the runtime client first asked for an invocation, which it does
     * once the function's init is done; 0 before that.
     */
    long firstNextNanos() {
        return firstNext.get();
    }

    /**
     * Nanoseconds the function held its last invocation: from the relay handing the runtime its
     * event to the runtime posting the answer (event reading, handler, answer writing); 0 before one.
     */
    long lastHandlerNanos() {
        long from = delivered.get();
        long to = answered.get();
        return to > from && from != 0 ? to - from : 0;
    }

    private void relay(HttpExchange exchange) throws IOException {
        String requested = exchange.getRequestURI().getPath();
        if (requested.endsWith("/response") || requested.endsWith("/error")) {
            answered.set(System.nanoTime());
        }
        String extensionId = exchange.getRequestHeaders().getFirst("Lambda-Extension-Identifier");
        if (requested.endsWith("/extension/register") || requested.endsWith("/extension/event/next")) {
            serveExtension(exchange, requested, extensionId);
            return;
        }
        if (requested.endsWith("/runtime/invocation/next")) {
            firstNext.compareAndSet(0, System.nanoTime());
            extensions.awaitAllWaiting();
        }
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = Forwarding.request(upstream, exchange, body);
            boolean next = requested.endsWith("/runtime/invocation/next");
            HttpResponse<byte[]> response;
            try {
                if (next) {
                    setParked(true);
                }
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(502, -1);
                return;
            } finally {
                if (next) {
                    // Before the runtime gets the invocation, so no one sees an idle that just ended.
                    setParked(false);
                }
            }
            String deadline = absoluteDeadline(response.headers().firstValue(DEADLINE).orElse("600000"));
            if (next && response.statusCode() == 200) {
                extensions.invocationDelivered("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + deadline + ",\"requestId\":\""
                        + response.headers().firstValue("lambda-runtime-aws-request-id").orElse("") + "\"}");
            }
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!Forwarding.forwarded(name)) {
                    return;
                }
                if (next && lower.equals(DEADLINE)) {
                    exchange.getResponseHeaders().add(name, deadline);
                } else if (next && lower.equals(CLIENT_CONTEXT)) {
                    exchange.getResponseHeaders().add(name, clientContextJson(values.get(0)));
                } else if (next && lower.equals(INVOKED_ARN) && functionArn != null) {
                    exchange.getResponseHeaders().add(name, functionArn);
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
            if (next && response.statusCode() == 200) {
                delivered.set(System.nanoTime());
            }
            Forwarding.respond(exchange, status, response.body());
        }
    }

    private synchronized void setParked(boolean now) {
        parked = now;
        notifyAll();
    }

    /**
     * Waits until the function is idle: its runtime has asked for its next invocation and that
     * request is waiting at the emulator, which (the relay holding it until then) means every
     * extension has finished the last invocation's work, e.g. its lineage writes after the response.
     *
     * @return false when it was not idle within {@code timeout}
     */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!parked) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void serveExtension(HttpExchange exchange, String path, String id) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body;
            if (path.endsWith("/register")) {
                String registered = extensions.register();
                exchange.getResponseHeaders().add("Lambda-Extension-Identifier", registered);
                body = "{\"functionName\":\"function-name\",\"functionVersion\":\"1\",\"handler\":\"handler\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                String event = id == null ? null : extensions.nextEvent(id);
                if (event == null) {
                    exchange.sendResponseHeaders(403, -1);
                    return;
                }
                body = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** The extensions registered through the relay: the events each has not taken yet, and who asks for one now. */
    private static final class Extensions {
        private final Map<String, java.util.ArrayDeque<String>> events = new java.util.HashMap<>();
        private final Set<String> waiting = new java.util.HashSet<>();

        synchronized String register() {
            String id = java.util.UUID.randomUUID().toString();
            events.put(id, new java.util.ArrayDeque<>());
            return id;
        }

        /** The extension's next event, once there is one; null for an unknown id. */
        synchronized String nextEvent(String id) {
            java.util.ArrayDeque<String> queue = events.get(id);
            if (queue == null) {
                return null;
            }
            waiting.add(id);
            notifyAll();
            try {
                while (queue.isEmpty()) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                waiting.remove(id);
            }
            return queue.poll();
        }

        synchronized void invocationDelivered(String event) {
            events.values().forEach(q -> q.add(event));
            notifyAll();
        }

        /** Until every extension has taken each invocation's event and asked for the next one. */
        synchronized void awaitAllWaiting() {
            try {
                while (!events.entrySet().stream().allMatch(e -> e.getValue().isEmpty() && waiting.contains(e.getKey()))) {
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
        server.close();
    }
}
