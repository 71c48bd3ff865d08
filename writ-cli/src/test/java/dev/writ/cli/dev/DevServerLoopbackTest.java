package dev.writ.cli.dev;

import java.net.URLEncoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code writ dev} against DNS rebinding and cross-site requests, over real HTTP: requests are
 * written byte for byte on a socket, because the point is what they put in {@code Host}, which
 * an HTTP client library sets itself.
 */
class DevServerLoopbackTest {
    private static final StringWriter LOG = new StringWriter();
    private static DevStack stack;
    private static DevServer server;
    private static int port;
    private static String chain;

    @BeforeAll
    static void start() throws Exception {
        stack = DevStack.start(null, 2);
        server = DevServer.start(stack, 0, 2, new PrintWriter(LOG));
        port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        Reply read = send("GET /payments/p-1 HTTP/1.1", "Host: 127.0.0.1:" + port, bearer("vera"));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        Reply chains = send("GET /api/chains HTTP/1.1", "Host: 127.0.0.1:" + port);
        assertThat(chains.status()).as(chains.body()).isEqualTo(200);
        chain = chains.body().replaceFirst("(?s).*\"(payments-read#\\d+)\".*", "$1");
        assertThat(chain).startsWith("payments-read#");
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    /** A rebinding page's requests name its own host; none of them may reach a route, on any path. */
    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:PORT", "127.0.0.1.evil.example:PORT", "localhost.evil.example",
        "127.0.0.2:PORT", "0.0.0.0:PORT", "[::2]:PORT", "localhost:99999", "localhost:", "localhost:PORT:PORT", "[::1]x",
        "127.0.0.1@evil.example", ""})
    void refusesEveryHostButLoopbackBeforeRouting(String host) throws Exception {
        String h = "Host: " + host.replace("PORT", Integer.toString(port));
        long records = DevHttp.lineageRecords(stack);
        int logged = LOG.toString().length();
        List<Reply> replies = List.of(
                send("GET /explorer HTTP/1.1", h),
                send("GET /api/chains HTTP/1.1", h, "Origin: http://evil.example"),
                send("POST /api/chains/" + URLEncoder.encode(chain, StandardCharsets.UTF_8) + "/verifications HTTP/1.1", h,
                        "Origin: http://evil.example", "Content-Length: 0"),
                send("GET /payments/p-2 HTTP/1.1", h, bearer("vera")),
                send("POST /payments HTTP/1.1", h, bearer("carl"), "X-Payment-Amount: 100", "Content-Length: 2", "", "{}"));
        for (Reply r : replies) {
            assertThat(r.status()).as(r.body()).isEqualTo(421);
            assertThat(Json.parseObject(r.body())).containsEntry("code", "HOST_NOT_LOOPBACK");
            assertThat(r.body()).doesNotContain("evil");
        }
        assertThat(DevHttp.lineageRecords(stack)).as("nothing reached the authorizer or a guard").isEqualTo(records);
        String log = LOG.toString().substring(logged);
        assertThat(log.lines()).hasSize(5).allMatch(l -> l.contains(" gateway ") && l.contains("421 HOST_NOT_LOOPBACK"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:PORT", "127.0.0.1", "localhost:PORT", "LocalHost:PORT", "localhost", "[::1]:PORT", "[::1]"})
    void answersLoopbackHosts(String host) throws Exception {
        String h = "Host: " + host.replace("PORT", Integer.toString(port));
        Reply chains = send("GET /api/chains HTTP/1.1", h);
        assertThat(chains.status()).as(chains.body()).isEqualTo(200);
        assertThat(chains.body()).contains(chain);
        Reply read = send("GET /payments/p-3 HTTP/1.1", h, bearer("vera"));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
    }

    @Test
    void refusesARequestWithoutExactlyOneHost() throws Exception {
        for (Reply r : List.of(send("GET /api/chains HTTP/1.1"), send("GET /api/chains HTTP/1.0"),
                send("GET /api/chains HTTP/1.1", "Host: 127.0.0.1:" + port, "Host: 127.0.0.1:" + port),
                send("GET /payments/p-4 HTTP/1.1", "Host: 127.0.0.1:" + port, "Host: evil.example", bearer("vera")))) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(Json.parseObject(r.body())).containsEntry("code", "BAD_HOST");
        }
    }

    /** A request target in absolute form names the host the client meant; a rebinding proxy could send one. */
    @Test
    void refusesAnAbsoluteTargetNamingAnotherHost() throws Exception {
        Reply evil = send("GET http://evil.example/api/chains HTTP/1.1", "Host: 127.0.0.1:" + port);
        assertThat(evil.status()).as(evil.body()).isEqualTo(421);
        Reply local = send("GET http://127.0.0.1:" + port + "/api/chains HTTP/1.1", "Host: 127.0.0.1:" + port);
        assertThat(local.status()).as(local.body()).isEqualTo(200);
    }

    /**
     * An origin-form target whose path begins with an empty segment names no host (RFC 9112): it is
     * refused as a path with an empty segment, not as a misdirected request, nor routed as the path
     * after what java.net.URI would read as its host.
     */
    @Test
    void aPathWithAnEmptySegmentIsRefusedBeforeRouting() throws Exception {
        long records = DevHttp.lineageRecords(stack);
        for (String target : List.of("//api/trust", "//evil.example/api/chains", "/api//chains", "//payments/p-2")) {
            Reply r = send("GET " + target + " HTTP/1.1", "Host: 127.0.0.1:" + port, bearer("vera"));
            assertThat(r.status()).as(target + ": " + r.body()).isEqualTo(400);
            assertThat(Json.parseObject(r.body())).containsEntry("code", "BAD_PATH");
        }
        assertThat(DevHttp.lineageRecords(stack)).as("nothing reached the authorizer or a guard").isEqualTo(records);
    }

    /** The auditor API has no authorization in writ dev: a page of another origin must not start verifications. */
    @ParameterizedTest
    @ValueSource(strings = {"Origin: http://evil.example", "Origin: null", "Origin: http://localhost:PORT",
        "Origin: http://127.0.0.1:1", "Origin: https://127.0.0.1:PORT", "Origin: http://127.0.0.1:PORT.evil.example"})
    void refusesCrossOriginChangesToTheAuditorApi(String origin) throws Exception {
        Reply r = send("POST /api/chains/" + URLEncoder.encode(chain, StandardCharsets.UTF_8) + "/verifications HTTP/1.1",
                "Host: 127.0.0.1:" + port, origin.replace("PORT", Integer.toString(port)), "Content-Length: 0");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(Json.parseObject(r.body())).containsEntry("code", "CROSS_ORIGIN");
    }

    @Test
    void takesChangesFromItsOwnOriginAndFromClientsThatSendNone() throws Exception {
        String verify = "POST /api/chains/" + URLEncoder.encode(chain, StandardCharsets.UTF_8) + "/verifications HTTP/1.1";
        for (Reply r : List.of(send(verify, "Host: 127.0.0.1:" + port, "Origin: http://127.0.0.1:" + port, "Content-Length: 0"),
                send(verify, "Host: localhost:" + port, "Origin: http://localhost:" + port, "Content-Length: 0"),
                send(verify, "Host: 127.0.0.1:" + port, "Content-Length: 0"))) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(Json.parseObject(r.body())).containsKey("id");
        }
        Reply twoOrigins = send(verify, "Host: 127.0.0.1:" + port, "Origin: http://127.0.0.1:" + port,
                "Origin: http://evil.example", "Content-Length: 0");
        assertThat(twoOrigins.status()).as(twoOrigins.body()).isEqualTo(403);
    }

    /**
     * Reads from another origin are left to the browser's same-origin policy, which holds because
     * nothing grants CORS (lineage-fn's Micronaut also refuses them outright, with an empty 403).
     */
    @Test
    void grantsNoCrossOriginReads() throws Exception {
        Reply r = send("GET /api/chains HTTP/1.1", "Host: 127.0.0.1:" + port, "Origin: http://evil.example");
        assertThat(r.head().toLowerCase(Locale.ROOT)).contains("http/1.1 ").doesNotContain("access-control-");
    }

    private static String bearer(String user) {
        return "Authorization: Bearer " + DevHttp.token(stack, user);
    }

    private record Reply(int status, String head, String body) {
    }

    /**
     * Writes the request line and {@code lines} (headers; an empty line starts the body) as given,
     * adds {@code Connection: close} and reads the whole reply.
     */
    private static Reply send(String requestLine, String... lines) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        boolean inBody = false;
        for (String line : lines) {
            if (!inBody && line.isEmpty()) {
                inBody = true;
                request.append("Connection: close\r\n\r\n");
            } else {
                request.append(line).append(inBody ? "" : "\r\n");
            }
        }
        if (!inBody) {
            request.append("Connection: close\r\n\r\n");
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            String text = reply.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a whole HTTP reply:\n" + text).isPositive();
            String head = text.substring(0, end);
            return new Reply(Integer.parseInt(head.split(" ", 3)[1]), head, text.substring(end + 4));
        }
    }
}
