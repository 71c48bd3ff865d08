package dev.writ.lineagefn.api;

import dev.writ.testsupport.Events;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.proof.BundleVerdict;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.ProofVerifier;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.lineagefn.checkpoint.CheckpointService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The auditor API end to end: the controllers on an embedded Micronaut server, called over
 * loopback HTTP, reading DynamoDB Local and KMS on moto. Lineage: orders#0 (6 records of alice),
 * orders#1 (3 records of bob, the first sharing execId e0 with orders#0), orders#2 (4 records, the
 * one test that tampers uses it alone), and a signed checkpoint of all three. Transaction tx1: e1
 * (alice, orders#0) invoked b1 (bob, orders#1), which invoked b2.
 */
class AuditorApiIT {
    static final long T0 = 1_700_000_000_000L;
    static DynamoDbClient ddb;
    static String table;
    static ApplicationContext server;
    static URI base;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Map<String, Object> props;

    @BeforeAll
    static void start() {
        ddb = Emulators.dynamoDb();
        table = LineageFixtures.newTable(ddb);
        String key = LineageFixtures.newCheckpointKey(Emulators.kms());
        var w0 = LineageFixtures.writer(ddb, table, 0);
        var w1 = LineageFixtures.writer(ddb, table, 1);
        var w2 = LineageFixtures.writer(ddb, table, 2);
        IntStream.range(0, 6).forEach(i -> w0.append(LineageFixtures.outcome("e" + i, "alice", T0 + i * 1000L,
                i == 1 ? "tx1" : null, null)));
        IntStream.range(0, 3).forEach(i -> w1.append(LineageFixtures.outcome(i == 0 ? "e0" : "b" + i, "bob", T0 + i * 1000L,
                i == 0 ? null : "tx1", i == 1 ? "e1" : i == 2 ? "b1" : null)));
        IntStream.range(0, 4).forEach(i -> w2.append(LineageFixtures.outcome("t" + i, "carol", T0 + i * 1000L)));
        props = Map.of("writ.lineage.table", table, "writ.checkpoint.kms-key-id", key, "micronaut.server.port", -1,
                "micronaut.server.host", "127.0.0.1");
        server = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        server.getBean(CheckpointService.class).checkpoint();
        base = server.getBean(EmbeddedServer.class).getURI();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Reply(int status, JsonObject json, String raw) {
    }

    static Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    static Reply post(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonObject json = r.body().isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : Json.createReader(new StringReader(r.body())).readObject();
            return new Reply(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void assertError(Reply r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.json().getString("error")).isEqualTo(code);
        assertThat(r.json().getString("message")).isNotBlank();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at dev.writ");
    }

    @Test
    void listsChains() {
        Reply r = get("/api/chains");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getJsonArray("chains").getValuesAs(JsonValue::toString))
                .containsExactly("\"orders#0\"", "\"orders#1\"", "\"orders#2\"");
    }

    @Test
    void pagesAChainWithOpaqueCursors() {
        List<Integer> seqs = new ArrayList<>();
        String path = "/api/chains/" + enc("orders#0") + "/records?limit=2";
        String cursor = null;
        int pages = 0;
        do {
            Reply r = get(path + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            r.json().getJsonArray("records").forEach(v -> {
                assertThat(v.asJsonObject().getBoolean("hashValid")).isTrue();
                seqs.add(v.asJsonObject().getInt("seq"));
            });
            cursor = r.json().containsKey("next") ? r.json().getString("next") : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seqs).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(pages).isEqualTo(3);

        Reply range = get("/api/chains/" + enc("orders#0") + "/records?from=2&to=3");
        assertThat(range.json().getJsonArray("records")).extracting(v -> v.asJsonObject().getInt("seq")).containsExactly(2, 3);
        assertThat(range.json().containsKey("next")).isFalse();
    }

    @Test
    void refusesBadRangesLimitsAndCursors() {
        String path = "/api/chains/" + enc("orders#0") + "/records";
        assertError(get(path + "?from=5&to=2"), 400, "BAD_RANGE");
        assertError(get(path + "?from=-1"), 400, "BAD_RANGE");
        assertError(get(path + "?to=abc"), 400, "BAD_RANGE");
        assertError(get(path + "?limit=0"), 400, "BAD_LIMIT");
        assertError(get(path + "?limit=100000"), 400, "BAD_LIMIT");
        assertError(get(path + "?cursor=" + enc("!!not-base64!!")), 400, "BAD_CURSOR");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("c1\n0000000000000000\n3".getBytes(StandardCharsets.UTF_8));
        assertError(get(path + "?cursor=" + forged), 400, "BAD_CURSOR");
        // A real cursor, replayed against another query (other limit, other chain), is refused.
        String real = get(path + "?limit=2").json().getString("next");
        assertError(get(path + "?limit=3&cursor=" + real), 400, "BAD_CURSOR");
        assertError(get("/api/chains/" + enc("orders#1") + "/records?limit=2&cursor=" + real), 400, "BAD_CURSOR");
        assertThat(get(path + "?limit=2&cursor=" + real).status()).isEqualTo(200);
    }

    @Test
    void unknownAndMalformedIdsAreClearErrors() {
        assertError(get("/api/chains/" + enc("nope#0") + "/records"), 404, "UNKNOWN_CHAIN");
        assertError(get("/api/executions/no-such-exec"), 404, "UNKNOWN_EXECUTION");
        assertError(get("/api/executions/" + enc("bad\u0001id")), 400, "BAD_ID");
        assertError(get("/api/executions/" + "x".repeat(300)), 400, "BAD_ID");
        assertError(post("/api/chains/" + enc("nope#0") + "/verifications"), 404, "UNKNOWN_CHAIN");
        assertError(get("/api/verifications/not-a-uuid"), 400, "BAD_ID");
        assertError(get("/api/verifications/" + java.util.UUID.randomUUID()), 404, "UNKNOWN_JOB");
        assertError(get("/api/no-such-route"), 404, "NOT_FOUND");
        // What a message echoes is shown, not acted on: a right-to-left override arrives as its escape.
        Reply reversed = get("/api/chains/" + enc("orders#0") + "/records?from=" + enc("1\u202E2"));
        assertError(reversed, 400, "BAD_RANGE");
        assertThat(reversed.json().getString("message")).endsWith("got '1\\u202e2'");
        assertThat(reversed.raw()).doesNotContain("\u202E");
    }

    /** An id that shows as another one (a bidi override, an isolate, a zero-width character) is no id. */
    @Test
    void anIdWithInvisibleFormatCharactersIsRefusedNamingTheCodePoint() {
        Reply reversed = get("/api/chains/" + enc("a\u202Eexe.txt") + "/records");
        assertError(reversed, 400, "BAD_ID");
        assertThat(reversed.json().getString("message")).isEqualTo("chain contains U+202E, a control or invisible format character");
        assertThat(reversed.raw()).doesNotContain("\u202E");
        assertThat(get("/api/executions/" + enc("e\u200B0")).json().getString("message")).isEqualTo(
                "execId contains U+200B, a control or invisible format character");
        assertError(get("/api/executions/" + enc("\uFEFFe0") + "/proof"), 400, "BAD_ID");
        assertError(get("/api/transactions/" + enc("tx\u20661\u2069")), 400, "BAD_ID");
        assertError(get("/api/executions?principal=" + enc("alice\u200F") + "&from=0&to=1"), 400, "BAD_ID");
        assertError(post("/api/chains/" + enc("orders#0\u200D") + "/verifications"), 400, "BAD_ID");
        assertThat(get("/api/executions/" + enc("bad\u0001id")).json().getString("message")).isEqualTo(
                "execId contains U+0001, a control or invisible format character");
    }

    /**
     * A path with an empty segment names no resource: it is refused as such, not answered by a
     * route it was normalised to, nor read as naming a host ({@code //api/trust} is an origin-form
     * target, RFC 9112, whose path begins with an empty segment).
     */
    @Test
    void aPathWithAnEmptySegmentIsRefusedAsSuch() {
        for (String path : List.of("//api/trust", "/api//trust", "/api/chains//records", "//api/chains", "/api/executions/e0//proof")) {
            Reply r = send(HttpRequest.newBuilder(URI.create("http://" + base.getRawAuthority() + path)).GET().build());
            assertError(r, 400, "BAD_PATH");
        }
        assertThat(get("/api/trust").status()).isEqualTo(200);
    }

    @Test
    void oneExecutionAcrossChainsEachRecordReverified() {
        Reply r = get("/api/executions/e0");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().getBoolean("verified")).isTrue();
        assertThat(r.json().getJsonArray("records")).extracting(v -> v.asJsonObject().getString("chain"))
                .containsExactlyInAnyOrder("orders#0", "orders#1");
        assertThat(r.json().getJsonArray("records")).allSatisfy(v -> assertThat(v.asJsonObject().getBoolean("verified")).isTrue());
    }

    @Test
    void anExecutionsProofBundleVerifiesOfflineWithTheServedKey() {
        Reply r = get("/api/executions/e0/proof");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        ProofBundle bundle = ProofBundle.parse(r.raw());
        assertThat(bundle.records()).extracting(p -> p.record().chain()).containsExactly("orders#0", "orders#1");
        CheckpointKey key = CheckpointKey.parse(get("/api/checkpoints/latest").json().getString("verifierKey"));
        BundleVerdict v = ProofVerifier.verify(r.raw(), new TrustPolicy(bundle.origin(), key, List.of(), 0));
        assertThat(v.isVerified()).as(v.toJson()).isTrue();
        // The deployment's own trust file: the same key, the origin its checkpoints carry.
        Reply trust = get("/api/trust");
        assertThat(trust.status()).as(trust.raw()).isEqualTo(200);
        assertThat(TrustPolicy.parse(trust.raw())).isEqualTo(new TrustPolicy(bundle.origin(), key, List.of(), 0));
        assertThat(ProofVerifier.verify(r.raw(), TrustPolicy.parse(trust.raw())).isVerified()).isTrue();
        assertError(get("/api/executions/no-such-exec/proof"), 404, "UNKNOWN_EXECUTION");
        assertError(get("/api/executions/" + enc("bad\u0001id") + "/proof"), 400, "BAD_ID");
    }

    @Test
    void oneTransactionAcrossPrincipalsAndChainsWithItsParentLinks() {
        Reply r = get("/api/transactions/tx1");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().getString("txn")).isEqualTo("tx1");
        assertThat(r.json().getBoolean("verified")).isTrue();
        assertThat(r.json().getJsonArray("records")).extracting(v -> v.asJsonObject().getString("execId")
                        + "<" + v.asJsonObject().getString("par", "-") + "@" + v.asJsonObject().getString("chain"))
                .containsExactly("e1<-@orders#0", "b1<e1@orders#1", "b2<b1@orders#1");
        assertThat(r.json().getJsonArray("records")).allSatisfy(v -> assertThat(v.asJsonObject().getBoolean("verified")).isTrue());
        assertError(get("/api/transactions/no-such-txn"), 404, "UNKNOWN_TRANSACTION");
        assertError(get("/api/transactions/" + enc("bad\u0001id")), 400, "BAD_ID");
    }

    @Test
    void principalRecordsInATimeRangePageByPage() {
        String path = "/api/executions?principal=alice&from=" + (T0 + 1000) + "&to=" + (T0 + 4000) + "&limit=3";
        Reply first = get(path);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.json().getBoolean("verified")).isFalse();
        assertThat(first.json().getJsonArray("records")).extracting(v -> v.asJsonObject().getString("execId"))
                .containsExactly("e1", "e2", "e3");
        Reply second = get(path + "&cursor=" + first.json().getString("next"));
        assertThat(second.json().getJsonArray("records")).extracting(v -> v.asJsonObject().getString("execId"))
                .containsExactly("e4");
        assertThat(second.json().containsKey("next")).isFalse();

        assertError(get("/api/executions?principal=alice&from=9&to=1"), 400, "BAD_RANGE");
        assertError(get("/api/executions?from=1&to=9"), 400, "BAD_ID");
        assertError(get(path + "&cursor=" + get("/api/executions?principal=bob&from=0&to=" + (T0 + 9000) + "&limit=1")
                .json().getString("next")), 400, "BAD_CURSOR");
        // A cursor made for this very query (the tag is no secret) whose position lies outside its range.
        String scope = "principal\nalice\n" + (T0 + 1000) + "\n" + (T0 + 4000) + "\n3";
        String elsewhere = Cursor.encode(scope, List.of("orders#0", "0", Long.toString(T0)));
        assertError(get(path + "&cursor=" + elsewhere), 400, "BAD_CURSOR");
    }

    @Test
    void aNumberInAQueryHasOneSpelling() {
        String path = "/api/chains/" + enc("orders#0") + "/records";
        assertThat(get(path + "?from=0&to=3&limit=2").status()).isEqualTo(200);
        // Long.parseLong and Integer.parseInt read each of these as a number.
        for (String spelt : List.of("+2", "02", "\u0662", "\uff12")) {
            for (String param : List.of("from", "to")) {
                Reply r = get(path + "?" + param + "=" + enc(spelt));
                assertError(r, 400, "BAD_RANGE");
                assertThat(r.json().getString("message")).startsWith(param + " must be a non-negative decimal");
            }
            assertError(get(path + "?limit=" + enc(spelt)), 400, "BAD_LIMIT");
            assertError(post("/api/chains/" + enc("orders#0") + "/verifications?wait=" + enc(spelt)), 400, "BAD_RANGE");
            assertError(get("/api/executions?principal=alice&from=" + enc(spelt)), 400, "BAD_RANGE");
            String cursor = Cursor.encode("chain\norders#0\n0\n" + Long.MAX_VALUE + "\n2", List.of(spelt));
            Reply c = get(path + "?limit=2&cursor=" + cursor);
            assertError(c, 400, "BAD_CURSOR");
            assertThat(c.json().getString("message")).startsWith("cursor position");
        }
    }

    @Test
    void latestCheckpointVerifiesWithTheKmsKey() {
        Reply r = get("/api/checkpoints/latest");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().getString("signature")).isEqualTo("valid");
        assertThat(r.json().getString("verifierKey")).startsWith("writ-lineage-checkpoint+");
        assertThat(r.json().getJsonObject("record").getString("note")).contains("orders#0 5 ");
        assertThat(r.json().getJsonArray("heads")).extracting(v -> v.asJsonObject().getString("chain") + "@" + v.asJsonObject().getInt("seq"))
                .containsExactly("orders#0@5", "orders#1@2", "orders#2@3");
    }

    @Test
    void verifiesAChainAndThePollableJobSaysTheSame() {
        Reply r = post("/api/chains/" + enc("orders#0") + "/verifications");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().getString("state")).isEqualTo("done");
        assertThat(r.json().getBoolean("intact")).isTrue();
        assertThat(r.json().getBoolean("truncationDetectable")).isTrue();
        assertThat(r.json().getJsonObject("verdict").getInt("recordsVerified")).isEqualTo(6);
        Reply polled = get("/api/verifications/" + r.json().getString("id"));
        assertThat(polled.json().getBoolean("intact")).isTrue();
        assertError(post("/api/chains/" + enc("orders#0") + "/verifications?wait=99"), 400, "BAD_RANGE");
    }

    @Test
    void tamperedChainIsBrokenAtTheEditedSeq() {
        assertThat(post("/api/chains/" + enc("orders#2") + "/verifications").json().getBoolean("intact")).isTrue();
        assertThat(get("/api/executions/t2").json().getBoolean("verified")).isTrue();

        // An attacker with admin rights overwrites record 2 with a changed decision.
        Map<String, AttributeValue> item = new java.util.HashMap<>(ddb.getItem(b -> b.tableName(table)
                .key(LineageFixtures.key("orders#2", 2)).consistentRead(true)).item());
        item.put("decision", AttributeValue.builder().s("deny").build());
        ddb.putItem(b -> b.tableName(table).item(item));

        Reply v = post("/api/chains/" + enc("orders#2") + "/verifications");
        assertThat(v.status()).as(v.raw()).isEqualTo(200);
        assertThat(v.json().getBoolean("intact")).isFalse();
        JsonObject fault = v.json().getJsonObject("verdict").getJsonObject("fault");
        assertThat(fault.getInt("seq")).isEqualTo(2);
        assertThat(fault.getString("reason")).isEqualTo("HASH_MISMATCH");

        Reply exec = get("/api/executions/t2");
        assertThat(exec.json().getBoolean("verified")).isFalse();
        assertThat(exec.json().getJsonArray("records").get(0).asJsonObject().getJsonObject("chainFault").getInt("seq")).isEqualTo(2);
        assertThat(get("/api/executions/t1").json().getBoolean("verified")).as("records before the break still verify").isTrue();
        assertThat(get("/api/chains/" + enc("orders#2") + "/records?from=2&to=2").json().getJsonArray("records")
                .get(0).asJsonObject().getBoolean("hashValid")).isFalse();
    }

    @Test
    void aRealApiGatewayRestProxyEventGoesThroughTheProxyFunction() throws IOException {
        APIGatewayProxyRequestEvent ok = event("e3");
        APIGatewayProxyRequestEvent unknown = event("no-such-exec");
        try (ApplicationContext ctx = ApplicationContext.run(props);
                ApiGatewayProxyRequestEventFunction fn = new ApiGatewayProxyRequestEventFunction(ctx)) {
            APIGatewayProxyResponseEvent r = fn.handleRequest(ok, null);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
            JsonObject json = Json.createReader(new StringReader(r.getBody())).readObject();
            assertThat(json.getString("execId")).isEqualTo("e3");
            assertThat(json.getBoolean("verified")).isTrue();

            APIGatewayProxyResponseEvent missing = fn.handleRequest(unknown, null);
            assertThat(missing.getStatusCode()).isEqualTo(404);
            assertThat(missing.getBody()).contains("UNKNOWN_EXECUTION").doesNotContain("Exception");

            APIGatewayProxyRequestEvent doubled = event("e3");
            doubled.setPath("//api/executions/e3");
            APIGatewayProxyResponseEvent refused = fn.handleRequest(doubled, null);
            assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(400);
            assertThat(refused.getBody()).contains("BAD_PATH");
        }
    }

    @Test
    void anHttpApiPayload2EventGoesThroughTheV2Function() {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath("/api/chains/orders%230/records")
                .withRawQueryString("from=1&to=2")
                .withQueryStringParameters(Map.of("from", "1", "to", "2"))
                .withHeaders(Map.of("accept", "application/json", "host", "abcdef1234.execute-api.us-east-1.amazonaws.com"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withApiId("abcdef1234").withStage("$default").withRequestId("id-1").withRouteKey("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath("/api/chains/orders%230/records").withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10").build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
        try (ApplicationContext ctx = ApplicationContext.run(props);
                APIGatewayV2HTTPEventFunction fn = new APIGatewayV2HTTPEventFunction(ctx)) {
            APIGatewayV2HTTPResponse r = fn.handleRequest(event, null);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
            JsonObject json = Json.createReader(new StringReader(r.getBody())).readObject();
            assertThat(json.getJsonArray("records")).extracting(v -> v.asJsonObject().getInt("seq")).containsExactly(1, 2);

            event.setRawQueryString("from=2&to=1");
            event.setQueryStringParameters(Map.of("from", "2", "to", "1"));
            APIGatewayV2HTTPResponse bad = fn.handleRequest(event, null);
            assertThat(bad.getStatusCode()).isEqualTo(400);
            assertThat(bad.getBody()).contains("BAD_RANGE");
        }
    }

    @Test
    void explorerPageIsServedBesideTheApiWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(base.resolve("/explorer")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
        assertThat(page.body()).contains("<script src=\"explorer/app.js\" defer></script>").doesNotContain("<script>");
        HttpResponse<String> js = HTTP.send(HttpRequest.newBuilder(base.resolve("/explorer/app.js")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).contains("api/chains").doesNotContain("innerHTML =");
    }

    @Test
    void pagesAndIndexQueriesDoNotNeedKmsAndAnUnusableKeyIsAClean500() {
        Map<String, Object> badKey = new java.util.HashMap<>(props);
        badKey.put("writ.checkpoint.kms-key-id", "alias/writ-no-such-key-" + java.util.UUID.randomUUID());
        try (ApplicationContext other = ApplicationContext.run(EmbeddedServer.class, badKey).getApplicationContext()) {
            URI uri = other.getBean(EmbeddedServer.class).getURI();
            Reply page = send(HttpRequest.newBuilder(uri.resolve("/api/chains/" + enc("orders#0") + "/records?limit=1")).GET().build());
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            Reply index = send(HttpRequest.newBuilder(uri.resolve("/api/executions?principal=alice&from=0&to=" + (T0 + 9000))).GET().build());
            assertThat(index.status()).as(index.raw()).isEqualTo(200);
            assertError(send(HttpRequest.newBuilder(uri.resolve("/api/checkpoints/latest")).GET().build()), 500, "INTERNAL_ERROR");
        }
    }

    private static APIGatewayProxyRequestEvent event(String execId) throws IOException {
        String json = Events.text("rest-proxy-auditor.json").replace("EXEC_ID", execId);
        return Events.typed(APIGatewayProxyRequestEvent.class, json);
    }
}
