package dev.writ.cli.dev;


import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.VerifyProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writ dev}'s server in-process on a free port, called over real HTTP: every request goes
 * through the real authorizer and guard, and lineage lands in the embedded DynamoDB Local.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevServerTest {
    private static DevStack stack;
    private static DevServer server;
    private static final StringWriter LOG = new StringWriter();

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 8);
        server = DevServer.start(stack, 0, 8, new PrintWriter(LOG));
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    private static String token(String user) {
        return DevHttp.token(stack, user);
    }

    private static HttpResponse<String> send(String method, String path, String bearer, Map<String, String> headers) throws Exception {
        return DevHttp.send(server, method, path, bearer, headers);
    }

    private static long records() {
        return DevHttp.lineageRecords(stack);
    }

    @Test
    @Order(1)
    void allowsDeniesAndWritesLineageOverHttp() throws Exception {
        HttpResponse<String> ok = send("GET", "/payments/p-1001", token("vera"), Map.of());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.parseObject(ok.body())).containsEntry("function", "payments-read").containsEntry("by", "vera");

        HttpResponse<String> created = send("POST", "/payments", token("carl"), Map.of("X-Payment-Amount", "2500"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"posted\":true");

        HttpResponse<String> none = send("GET", "/payments", null, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Json.parseObject(none.body())).containsEntry("code", "NO_TOKEN");

        HttpResponse<String> garbage = send("GET", "/payments", "not.a.token", Map.of());
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(Json.parseObject(garbage.body())).containsEntry("code", "BAD_TOKEN");

        HttpResponse<String> overLimit = send("POST", "/payments", token("carl"), Map.of("X-Payment-Amount", "50000"));
        assertThat(overLimit.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(overLimit.body())).containsEntry("code", "POLICY_DENY");
        assertThat(overLimit.body()).doesNotContain("Exception").doesNotContain("at dev.");

        HttpResponse<String> noAmount = send("POST", "/payments", token("carl"), Map.of());
        assertThat(noAmount.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(noAmount.body())).containsEntry("code", "BAD_REQUEST");

        HttpResponse<String> badAmount = send("POST", "/payments", token("carl"), Map.of("X-Payment-Amount", "12abc"));
        assertThat(badAmount.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(badAmount.body())).containsEntry("code", "BAD_REQUEST");

        HttpResponse<String> suspended = send("GET", "/payments", token("sam"), Map.of());
        assertThat(suspended.statusCode()).isEqualTo(403);

        HttpResponse<String> noRoute = send("DELETE", "/payments", token("root"), Map.of());
        assertThat(noRoute.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(noRoute.body())).containsEntry("code", "NO_ROUTE");

        stack.checkpoint(); // with the checkpoint key, only a checkpointed lineage can be intact
        List<ChainVerdict> verdicts = stack.audit().verifyAll(VerifyProgress.none());
        assertThat(verdicts).allMatch(ChainVerdict::intact);
        assertThat(verdicts).extracting(ChainVerdict::chain).anyMatch(c -> c.startsWith("payments-read#"))
                .anyMatch(c -> c.startsWith("payments-write#")).anyMatch(c -> c.startsWith("ledger-post#"))
                .anyMatch(c -> c.startsWith("authorizer#")).anyMatch(c -> c.startsWith("writ-exchange#"))
                .anyMatch(c -> c.startsWith("payments-notify#"));
        // 8 authorizer decisions (the DELETE never reaches it); read: verification + outcome;
        // write: verification + outcome, then its two hops (ledger-post, payment-events): an
        // exchange record each, and the callee's verification + outcome.
        assertThat(records()).isEqualTo(8 + 2 + 2 + 2 * (1 + 2));
        assertThat(LOG.toString()).contains("GET    /payments/p-1001").contains("ALLOWED").contains("NO_TOKEN")
                .contains("POLICY_DENY").contains("NO_ROUTE");
    }

    @Test
    @Order(2)
    void serves200ConcurrentRequestsWithoutLosingALineageRecord() throws Exception {
        long before = records();
        String vera = token("vera");
        int n = 200;
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(server.url() + "/payments/p-" + i))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + vera).GET().build();
            inFlight.add(DevHttp.CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            assertThat(f.join().statusCode()).as(f.join().body()).isEqualTo(200);
        }
        System.out.printf("writ dev load: %d concurrent GETs in %.2f s = %.0f requests/s (authorizer + guard + 3 lineage appends each)%n",
                n, seconds, n / seconds);
        stack.checkpoint(); // with the checkpoint key, only a checkpointed lineage can be intact
        List<ChainVerdict> verdicts = stack.audit().verifyAll(VerifyProgress.none());
        assertThat(verdicts).allMatch(ChainVerdict::intact);
        // One decision, one verification and one outcome record per request: none lost, none doubled.
        assertThat(records() - before).isEqualTo(3L * n);
    }

    @Test
    @Order(3)
    void exportsAProofBundleFromTheAuditorApiThatVerifiesWithTheServedTrustFile(@TempDir Path dir) throws Exception {
        assertThat(send("GET", "/payments/p-7", token("vera"), Map.of()).statusCode()).isEqualTo(200);
        stack.checkpoint();
        StringWriter export = new StringWriter();
        stack.audit().export(export);
        String execId = export.toString().lines().map(Json::parseObject)
                .filter(r -> String.valueOf(r.get("chain")).startsWith("payments-read#") && "outcome".equals(r.get("type")))
                .reduce((a, b) -> b).map(r -> (String) r.get("execId")).orElseThrow();
        Path key = dir.resolve("verifier-key");
        Files.writeString(key, stack.checkpointKey().verifierKey() + "\n");
        Path proof = dir.resolve("proof.json");
        String api = server.url() + "/api";

        CliRun exported = CliRun.of("proof", "export", execId, "--api", api, "--verifier-key", key.toString(), "--out", proof.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        HttpResponse<String> trust = send("GET", "/api/trust", null, Map.of());
        assertThat(trust.statusCode()).as(trust.body()).isEqualTo(200);
        Files.writeString(dir.resolve("trust.json"), trust.body());
        CliRun verified = CliRun.of("proof", "verify", proof.toString(), "--trust", dir.resolve("trust.json").toString());
        assertThat(verified.code()).as(verified.out()).isZero();
        assertThat(Json.parseObject(verified.out())).containsEntry("execId", execId);

        CliRun unknown = CliRun.of("proof", "export", "no-such-exec", "--api", api, "--verifier-key", key.toString(), "--out", proof.toString());
        assertThat(unknown.code()).isEqualTo(4);
        assertThat(unknown.err()).contains("UNKNOWN_EXECUTION");
    }

    @Test
    @Order(4)
    void aNoteIsEscapedForTheTerminal() {
        // The checkpoint signer notes a failed run with its exception's words, which may quote a record or a store's answer.
        server.note("checkpoint failed: \u001b[2J\u001b]0;owned\u0007 \u202e");
        String last = LOG.toString().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).endsWith("checkpoint failed: \\u001b[2J\\u001b]0;owned\\u0007 \\u202e").doesNotContain("\u001b");
    }

    /** {@code method path} with these header lines, in order. */
    @SafeVarargs
    private static HttpResponse<String> sendLines(String method, String path, Map.Entry<String, String>... headers) throws Exception {
        return DevHttp.sendLines(server, method, path, List.of(headers));
    }

    @Test
    @Order(5)
    void aRepeatedHeaderIsDecidedOnEveryValueAsInApiGateway() throws Exception {
        Map.Entry<String, String> carl = Map.entry("Authorization", "Bearer " + token("carl"));
        HttpResponse<String> same = sendLines("POST", "/payments", carl,
                Map.entry("X-Payment-Amount", "2500"), Map.entry("X-Payment-Amount", "2500"));
        assertThat(same.statusCode()).as(same.body()).isEqualTo(201);

        // Over the clerk's limit last: not decided on the first value, nor on the last one alone.
        HttpResponse<String> two = sendLines("POST", "/payments", carl,
                Map.entry("X-Payment-Amount", "2500"), Map.entry("X-Payment-Amount", "99999999"));
        assertThat(two.statusCode()).as(two.body()).isEqualTo(403);
        assertThat(Json.parseObject(two.body())).containsEntry("code", "BAD_REQUEST");
    }

    @Test
    @Order(6)
    void aRepeatedQueryParameterReachesTheFunctionWithEveryValue() throws Exception {
        for (List<String> status : List.of(List.of("open", "open"), List.of("open", "held"))) {
            HttpResponse<String> r = send("GET", "/payments?status=" + String.join("&status=", status), token("vera"), Map.of());
            // 200: the guard found the query the writ binds, every value of it.
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(Json.parseObject(r.body())).containsEntry("query", Map.of("status", status));
        }
    }

    @Test
    @Order(7)
    void twoDifferentBearerTokensAreRefusedNotDecidedOnEither() throws Exception {
        String carl = "Bearer " + token("carl");
        String vera = "Bearer " + token("vera");
        HttpResponse<String> two = sendLines("GET", "/payments", Map.entry("Authorization", carl), Map.entry("Authorization", vera));
        assertThat(two.statusCode()).as(two.body()).isEqualTo(401);
        assertThat(Json.parseObject(two.body())).containsEntry("code", "BAD_TOKEN");

        HttpResponse<String> same = sendLines("GET", "/payments", Map.entry("Authorization", vera), Map.entry("Authorization", vera));
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(Json.parseObject(same.body())).containsEntry("by", "vera");
    }
}
