package dev.writ.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.dev.DevStack;
import dev.writ.cli.dev.Gateway;
import dev.writ.cli.dev.DevServer;
import dev.writ.cli.dev.SampleIdp;
import dev.writ.cli.dev.ToolCallEndpoint;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's agent scene on the embedded stack, then the session read back as an auditor reads it:
 * lineage-fn's auditor API ({@code GET /api/transactions/{txn}}, what the explorer's transaction view
 * shows) finds every tool call of the session by its {@code txn}, refused ones included, and lists
 * them in order ({@code decisions}: tool, decision, reason, what the guard did with each writ).
 */
class AgentSceneTest {
    private static DevStack stack;
    private static DevServer server;

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 1);
        server = DevServer.start(stack, 0, 1, new PrintWriter(new StringWriter()));
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyToolCallBehavesAndTheSessionReadsAsOneTransaction() throws Exception {
        Map<String, Object> body = playAndReadBack(stack, server, new AgentScene(stack));
        assertThat(body).containsEntry("verified", true);
        List<Map<String, Object>> records = (List<Map<String, Object>>) body.get("records");
        assertThat(records).extracting(AgentSceneTest::described)
                .containsExactlyInAnyOrder(
                        // refund 120: allowed, run; 900 and purge_payments: refused by the policies (recorded under
                        // the session though no writ was minted); list_payments' writ shown for purge_payments and
                        // a writ for 120 shown with 4900: refused by the guard; the first writ again: a replay.
                        "authorizer decision ALLOWED", "payments-mcp verification", "payments-mcp outcome",
                        "authorizer decision POLICY_DENY", "authorizer decision POLICY_DENY",
                        "authorizer decision ALLOWED", "payments-mcp denial REQUEST_MISMATCH",
                        "authorizer decision ALLOWED", "payments-mcp denial REQUEST_MISMATCH",
                        "payments-mcp denial REPLAYED");
        // The explorer's tree: one execution per writ the session used (the refused decisions start none).
        List<Map<String, Object>> tree = (List<Map<String, Object>>) body.get("tree");
        assertThat(tree).extracting(e -> e.get("function") + " " + e.get("decision") + " " + ((List<?>) e.get("records")).size())
                .containsExactlyInAnyOrder("payments-mcp allow 4", "payments-mcp deny 2", "payments-mcp deny 2");
        // The session's tool calls in order, the ones the policies refused included, each with what the guard did.
        List<Map<String, Object>> decisions = (List<Map<String, Object>>) body.get("decisions");
        assertThat(decisions).extracting(AgentSceneTest::toolCall).containsExactly(
                "refund_payment allow ALLOWED [verification, outcome, denial REPLAYED]",
                "refund_payment deny POLICY_DENY",
                "purge_payments deny POLICY_DENY",
                "list_payments allow ALLOWED [denial REQUEST_MISMATCH]",
                "refund_payment allow ALLOWED [denial REQUEST_MISMATCH]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherUserSendingTheSessionsIdLandsInAnotherTransactionAndTheSessionStaysCarls() throws Exception {
        AgentScene carls = new AgentScene(stack);
        Map<String, Object> session = playAndReadBack(stack, server, carls);
        String txn = carls.transactions().iterator().next();
        // ada's agent host learnt carl's session id: its call is allowed, in ada's own transaction.
        Gateway.Response adas = askAs("ada", "list_payments", carls.session());
        assertThat(adas.status()).as(adas.body()).isEqualTo(200);
        assertThat(Json.parseObject(adas.body()).get("txn")).isNotEqualTo(txn);
        Map<String, Object> after = transaction(server, txn);
        assertThat((List<?>) after.get("records")).hasSameSizeAs((List<?>) session.get("records"));
        assertThat(after).doesNotContainKey("mixed");
        assertThat((List<Map<String, Object>>) after.get("records")).extracting(r -> r.get("principal"))
                .containsOnly("carl");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWritThatPutsAnotherUsersCallInTheSessionShowsTheTransactionAsMixed() throws Exception {
        AgentScene carls = new AgentScene(stack);
        playAndReadBack(stack, server, carls);
        String txn = carls.transactions().iterator().next();
        // A misconfigured issuer (or a writ from before txn was derived) that took vera's host's txn as given.
        Gateway.Response veras = askAs("vera", "list_payments", "veras-session");
        WritClaims claims = WritCodec.decodeUnverified(AgentScene.writ(veras));
        String forged = WritCodec.encode(claims.toBuilder().transaction(txn).id(UUID.randomUUID().toString()).build(),
                stack.writSigner());
        assertThat(carls.call("list_payments", Map.of(), forged).status()).isEqualTo(200);

        Map<String, Object> body = transaction(server, txn);
        Map<String, Object> mixed = (Map<String, Object>) body.get("mixed");
        assertThat((Map<String, Object>) mixed.get("subjects")).containsOnlyKeys("carl", "vera");
        assertThat((List<String>) ((Map<String, Object>) mixed.get("subjects")).get("vera"))
                .allMatch(at -> at.startsWith("payments-mcp#")).hasSize(2);
        assertThat((Map<String, Object>) mixed.get("agents")).containsOnlyKeys(
                "arn:aws:iam::000000000000:role/" + ToolCallEndpoint.AGENT_ROLE);
    }

    /** {@code POST /tool-call} as {@code user}'s agent host would, with {@code session} as its session id. */
    private static Gateway.Response askAs(String user, String tool, String session) {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + stack.idp().token(SampleIdp.user(user), Duration.ofHours(1)));
        return stack.toolCalls().handle(Gateway.Request.of("POST", ToolCallEndpoint.PATH, Map.of(), bearer,
                Json.write(Map.of("tool", tool, "arguments", Map.of(), "txn", session)), null));
    }

    /** {@code <tool> <decision> <reason>}, and for a writ minted the guard's record types (a denial's reason too). */
    @SuppressWarnings("unchecked")
    private static String toolCall(Map<String, Object> decision) {
        String described = decision.get("name") + " " + decision.get("decision") + " " + decision.get("reason");
        if (!decision.containsKey("execId")) {
            return described;
        }
        List<String> guard = ((List<String>) decision.get("guard")).stream()
                .map(g -> g.startsWith("denial") ? g : g.split(" ")[0]).toList();
        return described + " " + guard;
    }

    /** Plays {@code scene} (each step answered as expected), then reads its session back: {@code GET /api/transactions/<txn>}. */
    static Map<String, Object> playAndReadBack(DevStack stack, DevServer server, AgentScene scene) throws Exception {
        for (DemoStep step : scene.steps()) {
            Gateway.Response r = step.send().get();
            assertThat(r.code()).as(step.request() + ": " + r.body()).isEqualTo(step.expected());
        }
        assertThat(scene.transactions()).as("one session, one transaction").hasSize(1);
        Map<String, Object> body = transaction(server, scene.transactions().iterator().next());
        assertThat(body).doesNotContainKey("mixed");
        return body;
    }

    /** {@code GET /api/transactions/<txn>} over HTTP. */
    static Map<String, Object> transaction(DevServer server, String txn) throws Exception {
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/api/transactions/" + txn)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
        return Json.parseObject(api.body());
    }

    /** {@code <function> <type>}, and the reason code of a decision or a denial. */
    private static String described(Map<String, Object> record) {
        String type = String.valueOf(record.get("type"));
        String described = record.get("chain").toString().replaceAll("#\\d+$", "") + " " + type;
        return type.equals("decision") || type.equals("denial") ? described + " " + record.get("reason") : described;
    }
}
