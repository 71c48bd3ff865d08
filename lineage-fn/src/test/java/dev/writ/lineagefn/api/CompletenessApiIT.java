package dev.writ.lineagefn.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A chain verification through the auditor API reports the chain's Completeness findings, as
 * {@code writ lineage verify} does, with the answers looked up on other chains: authorizer#0
 * allowed a1, a2, a3 (and a4 just now); payments#0 verified a1 and a2 and ran a1 to its outcome.
 */
class CompletenessApiIT {
    static final long T0 = 1_700_000_000_000L;
    static ApplicationContext server;

    @BeforeAll
    static void start() {
        DynamoDbClient ddb = Emulators.dynamoDb();
        String table = LineageFixtures.newTable(ddb);
        LineageWriter w = LineageFixtures.writer(ddb, table, 0);
        for (String exec : List.of("a1", "a2", "a3")) {
            w.append(record(LineageRecord.Type.DECISION, "authorizer", exec, T0));
        }
        w.append(record(LineageRecord.Type.DECISION, "authorizer", "a4", System.currentTimeMillis()));
        w.append(record(LineageRecord.Type.VERIFICATION, "payments", "a1", T0 + 1));
        w.append(record(LineageRecord.Type.OUTCOME, "payments", "a1", T0 + 2));
        w.append(record(LineageRecord.Type.VERIFICATION, "payments", "a2", T0 + 3));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("writ.lineage.table", table,
                "micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1")).getApplicationContext();
        base = server.getBean(EmbeddedServer.class).getURI();
    }

    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The status and JSON body of one request. */
    private record Reply(int status, JsonObject json, String raw) {
    }

    private static Reply send(String method, String chain, String query) throws Exception {
        String path = chain == null ? "/api/verifications/" + query
                : "/api/chains/" + URLEncoder.encode(chain, StandardCharsets.UTF_8) + "/verifications" + query;
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.createReader(new StringReader(r.body())).readObject(), r.body());
    }

    private static Reply verify(String chain, String query) throws Exception {
        return send("POST", chain, query);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static LineageRecord.Draft record(LineageRecord.Type type, String function, String execId, long ts) {
        return LineageRecord.draft(type).function(function).execId(execId).principal("alice").action("Payment::create")
                .resource("Payment::\"1\"").decision("allow").ts(ts).build();
    }

    private static List<String> incomplete(JsonObject body) {
        return body.getJsonArray("incomplete").getValuesAs(JsonValue::asJsonObject).stream()
                .map(f -> f.getString("incomplete") + " " + f.getString("execId") + " " + f.getString("chain") + ":" + f.getJsonNumber("seq"))
                .toList();
    }

    @Test
    void anAllowNoGuardSawIsReportedOnTheAuthorizerChainAnsweredOnOthersAreNot() throws Exception {
        Reply r = verify("authorizer#0", "");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().getBoolean("intact")).isTrue();
        assertThat(r.json().getBoolean("complete")).isFalse();
        assertThat(incomplete(r.json())).as("a4 is younger than the default settle of 900 s: pending")
                .containsExactly("ALLOW_NEVER_VERIFIED a3 authorizer#0:2");
    }

    @Test
    void aVerificationWithoutOutcomeIsReportedOnTheGuardsChain() throws Exception {
        Reply r = verify("payments#0", "");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(incomplete(r.json())).containsExactly("VERIFICATION_WITHOUT_OUTCOME a2 payments#0:2");
        Reply polled = send("GET", null, r.json().getString("id"));
        assertThat(incomplete(polled.json())).as("the job keeps its findings").containsExactly("VERIFICATION_WITHOUT_OUTCOME a2 payments#0:2");
    }

    @Test
    void settleZeroReportsTheNewestAllowTooAndABadSettleIsRefused() throws Exception {
        Reply r = verify("authorizer#0", "?settle=0");
        assertThat(incomplete(r.json())).containsExactly("ALLOW_NEVER_VERIFIED a3 authorizer#0:2", "ALLOW_NEVER_VERIFIED a4 authorizer#0:3");
        for (String bad : List.of("-1", "99999999999", "soon")) {
            Reply refused = verify("authorizer#0", "?settle=" + bad);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
            assertThat(refused.json().getString("error")).isEqualTo("BAD_RANGE");
        }
    }
}
