package dev.writ.cli.dev;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.writ.cli.TerminalText;
import dev.writ.guard.lineage.LineageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The HTTP front of {@code writ dev}: serves the bundle's routes on 127.0.0.1 through the
 * {@link Gateway}, and prints one line per decision as it happens. Requests addressed to another
 * host are refused before routing ({@link LoopbackOnly}).
 */
public final class DevServer implements AutoCloseable {
    private static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService pool;
    private final Api gateway;
    private final AuditorApi auditor;
    private final Api toolCalls;
    private final PrintWriter log;
    private final java.util.concurrent.atomic.AtomicLong routed = new java.util.concurrent.atomic.AtomicLong();

    private DevServer(HttpServer server, ExecutorService pool, Api gateway, AuditorApi auditor, Api toolCalls, PrintWriter log) {
        this.server = server;
        this.pool = pool;
        this.gateway = gateway;
        this.auditor = auditor;
        this.toolCalls = toolCalls;
        this.log = log;
    }

    /** Serves {@code stack} on 127.0.0.1:{@code port} (0: a free port) as a REST API; decision lines go to {@code log}. */
    public static DevServer start(DevStack stack, int port, int threads, PrintWriter log) {
        return start(stack, stack.gateway(), port, threads, log);
    }

    /** As {@link #start(DevStack, int, int, PrintWriter)}, with {@code api} (REST or HTTP API) in front of the routes. */
    public static DevServer start(DevStack stack, Api api, int port, int threads, PrintWriter log) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "writ-dev-http");
                t.setDaemon(true);
                return t;
            });
            DevServer dev = new DevServer(server, pool, api, stack.auditorApi(), stack.toolCalls(), log);
            server.createContext("/", dev::serve);
            server.setExecutor(pool);
            server.start();
            return dev;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** The lineage explorer's page. */
    public String explorerUrl() {
        return url() + AuditorApi.EXPLORER;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Gateway.Response r;
            String method = exchange.getRequestMethod();
            String path = rawPath(exchange.getRequestURI());
            Optional<Gateway.Response> refused = LoopbackOnly.refusal(method, exchange.getRequestURI(), exchange.getRequestHeaders())
                    .or(() -> emptySegment(path));
            if (refused.isPresent()) {
                respond(exchange, method, path, refused.get());
                return;
            }
            try {
                byte[] body = readBody(exchange.getRequestBody());
                // Every value of a repeated header, in order: each gateway passes them on as its AWS original does.
                Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
                r = body == null
                        ? new Gateway.Response(413, "{\"message\":\"Request Too Long\",\"code\":\"BODY_TOO_LARGE\"}", "gateway",
                        "BODY_TOO_LARGE", "", List.of())
                        : route(method, path, query(exchange.getRequestURI().getRawQuery()), headers,
                        new String(body, StandardCharsets.UTF_8), exchange.getRemoteAddress().getAddress().getHostAddress());
            } catch (RuntimeException e) {
                // The emulator itself failed: a 502 as API Gateway gives for a broken integration, no stack trace.
                r = new Gateway.Response(502, "{\"message\":\"Internal server error\",\"code\":\"GATEWAY_ERROR\"}", "gateway",
                        "GATEWAY_ERROR", e.getClass().getSimpleName(), List.of());
            }
            respond(exchange, method, path, r);
        }
    }

    private void respond(HttpExchange exchange, String method, String path, Gateway.Response r) throws IOException {
        // Logged before the answer leaves: a caller that has its answer finds its line in the log.
        logLine(method, path, r);
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        }
    }

    /** The MCP server's URL (the bundle's {@code POST /mcp} route). */
    public String mcpUrl() {
        return url() + "/mcp";
    }

    /** The tool-call exchange's URL, where an agent host gets a writ per tool call. */
    public String toolCallUrl() {
        return url() + ToolCallEndpoint.PATH;
    }

    /**
     * The auditor API's paths go to lineage-fn's handler, the tool-call exchange's to it (a function
     * URL in AWS, not a route of the API), everything else to the payments API.
     */
    private Gateway.Response route(String method, String rawPath, Map<String, List<String>> query,
            Map<String, List<String>> headers, String body, String sourceIp) {
        if (AuditorApi.serves(rawPath)) {
            // REST APIs pass the path on still percent-encoded (chain names hold '#').
            return auditor.handle(new Gateway.Request(method, rawPath, query, headers, body, sourceIp));
        }
        Api api = rawPath.equals(ToolCallEndpoint.PATH) ? toolCalls : gateway;
        try {
            return api.handle(new Gateway.Request(method, decode(rawPath), query, headers, body, sourceIp));
        } finally {
            // Counted once its lineage is written, so a checkpoint that sees the new count pins it.
            routed.incrementAndGet();
        }
    }

    /** Requests to the API's routes so far (the only ones that append lineage). */
    public long routedRequests() {
        return routed.get();
    }

    /** A line in the decision log that is not a request (e.g. a checkpoint signed, or why one failed: an exception's words). */
    public void note(String text) {
        synchronized (log) {
            log.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + TerminalText.escaped(text));
            log.flush();
        }
    }

    private void logLine(String method, String path, Gateway.Response r) {
        String principal = r.lineage().stream().map(LineageRecord::principal).flatMap(java.util.Optional::stream)
                .findFirst().orElse("-");
        String seqs = r.lineage().stream().map(x -> x.chain() + ":" + x.seq()).collect(Collectors.joining(" "));
        String line = String.format("%s %-6s %-32s %-8s %-10s %3d %-18s %s", LocalTime.now().truncatedTo(ChronoUnit.MILLIS),
                method, path, principal, r.stage(), r.status(), r.code(), seqs);
        synchronized (log) {
            log.println(TerminalText.escaped(line)); // the path and the caller's subject are the caller's words
            log.flush();
        }
    }

    /**
     * The target's path as the request line sent it: java.net.URI reads an origin-form target that
     * begins with an empty segment ({@code //api/trust}, RFC 9112 §3.2.1) as a host and a shorter path.
     */
    private static String rawPath(URI target) {
        if (target.getScheme() != null || target.getRawAuthority() == null) {
            return target.getRawPath();
        }
        String pathAndQuery = target.getRawSchemeSpecificPart();
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    /** A path with an empty segment names no route: refused as such, not routed as the path without it. */
    private static Optional<Gateway.Response> emptySegment(String path) {
        if (!path.contains("//")) {
            return Optional.empty();
        }
        String detail = "the path has an empty segment (two slashes in a row)";
        return Optional.of(new Gateway.Response(400, "{\"message\":\"Bad Request\",\"code\":\"BAD_PATH\",\"detail\":\"" + detail + "\"}",
                "gateway", "BAD_PATH", detail, List.of()));
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    /** Each parameter of a raw query with every value it is given, in order. */
    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            q.computeIfAbsent(k, name -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return q;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Stops accepting, lets requests in flight finish (up to a second), stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
