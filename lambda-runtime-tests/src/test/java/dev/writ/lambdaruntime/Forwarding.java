package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What the loopback pass-throughs ({@link RuntimeApiRelay}, {@link LineageGate}) share: copying a request on, and answering. */
final class Forwarding {
    // Headers java.net.http sets itself or refuses, and hop-by-hop ones.
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "date", "keep-alive");

    private Forwarding() {
    }

    /** False for a header the pass-through must not copy (either way). */
    static boolean forwarded(String header) {
        return !NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT));
    }

    /** {@code exchange}'s request, with {@code body} already read from it, addressed to {@code upstream} + its URI. */
    static HttpRequest.Builder request(String upstream, HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (forwarded(h.getKey())) {
                h.getValue().forEach(v -> request.header(h.getKey(), v));
            }
        }
        return request;
    }

    /** Answers {@code status} with {@code body} (no body when empty); the headers are set by then. */
    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
