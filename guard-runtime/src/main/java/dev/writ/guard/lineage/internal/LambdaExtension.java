package dev.writ.guard.lineage.internal;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An internal Lambda extension (a thread of the function's own JVM, registered with the Lambda
 * Extensions API for {@code INVOKE} events) that holds each invocation open until the lineage
 * records it produced are written: Lambda finishes an invocation, and may freeze the environment,
 * only once the runtime has asked for its next invocation and every extension for its next event.
 * So after the {@code INVOKE} event of request {@code R}, this extension waits until the function
 * said {@code R} has its response ({@link #responded}), runs the registered writers (which write
 * after the response was handed back), and only then asks for its next event.
 *
 * <p>A registered extension also makes Lambda send the runtime process {@code SIGTERM} before it
 * shuts the environment down, and wait up to 500 ms before {@code SIGKILL}: the writers registered
 * with {@link #atShutdown} then run once more, in a JVM shutdown hook.
 *
 * <p>One per process, registered on first use, which must be during init (Lambda refuses a
 * registration once the runtime asked for its first invocation). Without
 * {@code AWS_LAMBDA_RUNTIME_API} (tests, {@code writ dev}) there is none, and when registration
 * fails there is none either (one {@code WARN} line): callers then write before answering.
 */
public final class LambdaExtension {
    static final String NAME = "writ-lineage";
    private static final String API = "/2020-01-01/extension";
    private static Optional<LambdaExtension> process;

    private final String base;
    private final String id;
    private final PrintStream log;
    private final List<Runnable> writers = new CopyOnWriteArrayList<>();
    private final List<Runnable> shutdownWriters = new CopyOnWriteArrayList<>();
    private final Set<String> answered = new HashSet<>();

    LambdaExtension(String base, String id, PrintStream log) {
        this.base = base;
        this.id = id;
        this.log = log;
    }

    /**
     * This process's extension: registered on the first call when {@code AWS_LAMBDA_RUNTIME_API} is
     * set, its event loop started on a daemon thread; empty otherwise, or when registration failed.
     */
    public static synchronized Optional<LambdaExtension> forProcess() {
        if (process == null) {
            String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
            process = api == null || api.isBlank() ? Optional.empty() : register(api, System.err).map(LambdaExtension::start);
        }
        return process;
    }

    /** This process's extension if one was registered, never registering one. */
    public static synchronized Optional<LambdaExtension> ifRegistered() {
        return process == null ? Optional.empty() : process;
    }

    /** Registers for {@code INVOKE} events at {@code runtimeApi} (host:port, as Lambda gives it); empty with one WARN line when refused. */
    static Optional<LambdaExtension> register(String runtimeApi, PrintStream log) {
        String base = "http://" + runtimeApi + API;
        try {
            HttpURLConnection c = open(base + "/register", 2_000);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Lambda-Extension-Name", NAME);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write("{\"events\":[\"INVOKE\"]}".getBytes(StandardCharsets.UTF_8));
            }
            int status = c.getResponseCode();
            String id = c.getHeaderField("Lambda-Extension-Identifier");
            drain(c);
            if (status != 200 || id == null || id.isBlank()) {
                throw new IOException("register answered " + status + (id == null ? " without an identifier" : ""));
            }
            return Optional.of(new LambdaExtension(base, id, log));
        } catch (IOException | RuntimeException e) {
            log.println("{\"writ\":\"lineage\",\"level\":\"WARN\",\"message\":\"lineage extension not registered;"
                    + " deferred lineage records are written before each response instead\",\"error\":"
                    + Json.write(String.valueOf(e.getMessage())) + "}");
            return Optional.empty();
        }
    }

    private LambdaExtension start() {
        Thread loop = new Thread(this::run, NAME);
        loop.setDaemon(true);
        loop.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutDown, NAME + "-shutdown"));
        return this;
    }

    /** Runs {@code writer} after every invocation's response, before the extension asks for its next event. */
    public void afterEachResponse(Runnable writer) {
        writers.add(writer);
    }

    /**
     * Runs {@code writer} when the process shuts down ({@code SIGTERM}, or a normal exit), within
     * the time Lambda leaves it.
     */
    public void atShutdown(Runnable writer) {
        shutdownWriters.add(writer);
    }

    void shutDown() {
        shutdownWriters.forEach(Runnable::run);
    }

    /** The invocation {@code requestId} has handed back its response: its records may be written. */
    public void responded(String requestId) {
        if (requestId == null) {
            return;
        }
        synchronized (answered) {
            answered.add(requestId);
            answered.notifyAll();
        }
    }

    private void run() {
        while (true) {
            Map<String, Object> event;
            try {
                event = nextEvent();
            } catch (IOException | RuntimeException e) {
                log.println("{\"writ\":\"lineage\",\"level\":\"WARN\",\"message\":\"lineage extension: next event failed\",\"error\":"
                        + Json.write(String.valueOf(e.getMessage())) + "}");
                pause();
                continue;
            }
            if ("INVOKE".equals(event.get("eventType")) && event.get("requestId") instanceof String requestId) {
                long deadline = event.get("deadlineMs") instanceof Number n ? n.longValue() : 0;
                awaitResponse(requestId, deadline);
                writers.forEach(Runnable::run);
            }
        }
    }

    /**
     * Waits until {@code requestId} responded, or its deadline (epoch ms; 0 when unknown) passed. A
     * function that never reports the request holds the invocation until its timeout, as any
     * extension that does not finish would; its records are then written by the next invocation.
     */
    void awaitResponse(String requestId, long deadline) {
        synchronized (answered) {
            try {
                while (!answered.contains(requestId)) {
                    long left = deadline - System.currentTimeMillis();
                    if (deadline > 0 && left <= 0) {
                        break;
                    }
                    answered.wait(deadline > 0 ? left : 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Invocations do not overlap: whatever else is here belongs to earlier ones.
            answered.clear();
        }
    }

    private Map<String, Object> nextEvent() throws IOException {
        HttpURLConnection c = open(base + "/event/next", 0);
        c.setRequestProperty("Lambda-Extension-Identifier", id);
        int status = c.getResponseCode();
        if (status != 200) {
            drain(c);
            throw new IOException("event/next answered " + status);
        }
        try (InputStream in = c.getInputStream()) {
            return Json.parseObject(in);
        }
    }

    private static HttpURLConnection open(String url, int readTimeoutMillis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(readTimeoutMillis);
        return c;
    }

    private static void drain(HttpURLConnection c) throws IOException {
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in != null) {
            try (in) {
                in.readAllBytes();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
