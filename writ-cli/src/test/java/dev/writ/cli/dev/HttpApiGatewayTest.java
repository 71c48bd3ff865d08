package dev.writ.cli.dev;


import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.writ.core.json.Json;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.VerifyProgress;
import dev.writ.policy.bundle.RouteMatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code writ dev --api http}: the HTTP API emulation over real HTTP. Requests go through the real
 * payload 2.0 authorizer event (simple responses) and the guard's HTTP API path
 * ({@code requestContext.authorizer.lambda.writ}, binding on {@code rawPath}, {@code rawQueryString},
 * API id and {@code $default} stage).
 */
class HttpApiGatewayTest {
    private static DevStack stack;
    private static DevServer server;
    private static final StringWriter LOG = new StringWriter();

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 2);
        server = DevServer.start(stack, stack.httpGateway(), 0, 2, new PrintWriter(LOG));
    }

    @AfterAll
    static void stop() {
        server.close();
        stack.close();
    }

    private static String token(String user) {
        return DevHttp.token(stack, user);
    }

    private static HttpResponse<String> send(String method, String path, String user, Map<String, String> headers) throws Exception {
        return DevHttp.send(server, method, path, user == null ? null : token(user), headers);
    }

    private static long records() {
        return DevHttp.lineageRecords(stack);
    }

    @Test
    void allowsDeniesAndWritesLineageThroughThePayload2Events() throws Exception {
        long before = records();
        HttpResponse<String> read = send("GET", "/payments/p-7?expand=ledger&x=a%20b", "vera", Map.of());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(Json.parseObject(read.body())).containsEntry("function", "payments-read").containsEntry("by", "vera");

        HttpResponse<String> paid = send("POST", "/payments", "carl", Map.of("X-Payment-Amount", "2500"));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
        assertThat(paid.body()).contains("\"posted\":true");

        // The HTTP API answers a missing identity source itself: 401, the authorizer never runs, no lineage.
        long beforeMissing = records();
        HttpResponse<String> none = send("GET", "/payments", null, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Json.parseObject(none.body())).containsEntry("code", "MISSING_IDENTITY_SOURCE");
        assertThat(records()).isEqualTo(beforeMissing);

        // Simple responses: every refusal of the authorizer is a 403, an unknown token included.
        HttpResponse<String> garbage = send("GET", "/payments", null, Map.of("Authorization", "Bearer not.a.token"));
        assertThat(garbage.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(garbage.body())).containsEntry("message", "Forbidden").containsEntry("code", "BAD_TOKEN");
        HttpResponse<String> overLimit = send("POST", "/payments", "carl", Map.of("X-Payment-Amount", "50000"));
        assertThat(overLimit.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(overLimit.body())).containsEntry("code", "POLICY_DENY");

        HttpResponse<String> noRoute = send("DELETE", "/payments", "root", Map.of());
        assertThat(noRoute.statusCode()).isEqualTo(404);

        // Decisions: read, write, garbage, over limit = 4; read and write: verification + outcome;
        // the write's two hops (ledger-post, payment-events): an exchange record each, and the
        // callee's verification + outcome.
        assertThat(records() - before).isEqualTo(4 + 2 + 2 + 2 * (1 + 2));
        stack.checkpoint(); // with the checkpoint key, only a checkpointed lineage can be intact
        assertThat(stack.audit().verifyAll(VerifyProgress.none())).allMatch(ChainVerdict::intact);
        assertThat(LOG.toString()).contains("GET    /payments/p-7").contains("ALLOWED").contains("MISSING_IDENTITY_SOURCE");
    }

    @Test
    void aRepeatedHeaderArrivesJoinedWithCommasAsInAnHttpApi() throws Exception {
        Map.Entry<String, String> carl = Map.entry("Authorization", "Bearer " + token("carl"));
        // "2500,2500" is what the policy would get: no Long, whatever the values.
        HttpResponse<String> amounts = DevHttp.sendLines(server, "POST", "/payments",
                List.of(carl, Map.entry("X-Payment-Amount", "2500"), Map.entry("X-Payment-Amount", "2500")));
        assertThat(amounts.statusCode()).as(amounts.body()).isEqualTo(403);
        assertThat(Json.parseObject(amounts.body())).containsEntry("code", "BAD_REQUEST");

        HttpResponse<String> tokens = DevHttp.sendLines(server, "GET", "/payments",
                List.of(carl, Map.entry("Authorization", "Bearer " + token("vera"))));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(403);
        assertThat(Json.parseObject(tokens.body())).containsEntry("code", "BAD_TOKEN");
    }

    @Test
    void guardRefusesAWritMintedForTheRestApiOnTheHttpApi() {
        Gateway.Request get = Gateway.Request.of("GET", "/payments/p-9", Map.of("Authorization", "Bearer " + token("vera")));
        String restWrit = stack.gateway().writFor(get).orElseThrow();
        RouteMatch match = stack.bundle().route("GET", "/payments/p-9").orElseThrow();
        stack.lineage().begin();
        APIGatewayV2HTTPEvent event = stack.httpGateway().httpEvent(get, match, Map.of("writ", restWrit));
        assertThat(event.getRequestContext().getAuthorizer().getLambda()).containsEntry("writ", restWrit);
        Gateway.Response r = Gateway.guarded(stack, "payments-read", event, (e, c, w) -> {
            throw new AssertionError("user code ran with a writ bound to another API");
        }, com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse::getStatusCode,
                com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse::getBody);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.stage()).isEqualTo("guard");
        assertThat(r.code()).isEqualTo("REQUEST_MISMATCH");
        assertThat(r.lineage()).extracting(x -> x.type().wire()).contains("denial");
    }

    @Test
    void theAuthorizerEventIsPayload2WithTheRouteKeyAndLowerCaseHeaders() {
        Gateway.Request get = Gateway.Request.of("GET", "/payments/p-3", Map.of("q", "1"),
                Map.of("Authorization", "Bearer x", "X-Trace", "t"), null, "127.0.0.1");
        RouteMatch match = stack.bundle().route("GET", "/payments/p-3").orElseThrow();
        var e = stack.httpGateway().authorizerEvent(get, match);
        assertThat(e.getVersion()).isEqualTo("2.0");
        assertThat(e.getRouteKey()).isEqualTo("GET " + match.route().pathTemplate());
        assertThat(e.getRawPath()).isEqualTo("/payments/p-3");
        assertThat(e.getRawQueryString()).isEqualTo("q=1");
        assertThat(e.getHeaders()).containsKeys("authorization", "x-trace");
        assertThat(e.getIdentitySource()).isEqualTo(List.of("Bearer x"));
        assertThat(e.getRequestContext().getStage()).isEqualTo("$default");
        assertThat(e.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
    }
}
