package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.Writ;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * MCP {@code tools/call} through an API Gateway HTTP API (payload format 2.0, the recorded
 * {@code http-v2} shape): the same binding to this tool and these arguments as over the REST API,
 * with Writ's authorizer context under {@code authorizer.lambda}; refusals are JSON-RPC errors in
 * 2.0 responses.
 */
class ToolGuardMcpHttpApiTest {

    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(logBytes, true, StandardCharsets.UTF_8)).build()));
    private final List<Writ> ran = new ArrayList<>();

    private static String call(Map<String, Object> arguments, String writ) {
        return ToolGuardMcpTest.call("refund_payment", arguments, writ);
    }

    private APIGatewayV2HTTPResponse post(String body, Consumer<Map<String, Object>> edit) {
        APIGatewayV2HTTPEvent event = Events.typed(APIGatewayV2HTTPEvent.class, GuardEvents.json("http-v2", e -> {
            e.put("routeKey", "POST /mcp");
            e.put("rawPath", "/mcp");
            e.put("rawQueryString", "");
            e.remove("queryStringParameters");
            Map<String, Object> context = Events.child(e, "requestContext");
            context.put("routeKey", "POST /mcp");
            Events.child(context, "http").put("path", "/mcp");
            e.put("body", body);
            GuardEvents.mcpHeaders(e, body);
            edit.accept(e);
        }));
        return guard.handleMcp(event, new TestContext(FUNCTION), (in, c, writ) -> {
            ran.add(writ);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{\"served\":true}").build();
        });
    }

    private static Map<String, Object> error(APIGatewayV2HTTPResponse response) {
        return Events.child(Json.parseObject(response.getBody()), "error");
    }

    @Test
    void runsTheToolForTheToolAndArgumentsItsWritNames() {
        APIGatewayV2HTTPResponse response = post(call(REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND)), e -> { });
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"served\":true}");
        assertThat(ran).hasSize(1);
    }

    @Test
    void readsTheToolWritFromTheHttpApisAuthorizerContext() {
        String writ = ToolGuardMcpTest.toolWrit("refund_payment", REFUND);
        APIGatewayV2HTTPResponse response = post(call(REFUND, null), e -> Events.child(Events.child(Events.child(e,
                "requestContext"), "authorizer"), "lambda").put("writ", writ));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ran).hasSize(1);
    }

    @Test
    void argumentsChangedAfterAuthorizationAreARequestMismatchAsAJsonRpcError() {
        String body = call(Map.of("payment_id", "p-7", "amount", 99999), ToolGuardMcpTest.toolWrit("refund_payment", REFUND));
        APIGatewayV2HTTPResponse response = post(body, e -> { });
        assertThat(ran).as("the tool must not run").isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(Json.parseObject(response.getBody())).containsEntry("jsonrpc", "2.0").containsEntry("id", 2);
        assertThat(error(response)).containsEntry("code", ToolAnswers.WRIT_DENIED).containsEntry("message", "Forbidden");
        assertThat(Events.child(error(response), "data")).containsEntry("code", "REQUEST_MISMATCH")
                .containsEntry("requestId", "JKJaXmPLvHcESHA=");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("tool arguments does not match");
    }

    @Test
    void otherMethodsAreVerifiedAsTheHttpApiRequestTheyAre() {
        String listing = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{}}";
        String forAnotherPath = Fixtures.token(Fixtures.validWrit().request(new RequestBinding("POST", "/payments",
                "a1b2c3", "prod", null)).build());
        APIGatewayV2HTTPResponse response = post(listing, e -> Events.child(Events.child(Events.child(e,
                "requestContext"), "authorizer"), "lambda").put("writ", forAnotherPath));
        assertThat(ran).isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(response.getBody())).containsEntry("id", 3);
        assertThat(Events.child(error(response), "data")).containsEntry("code", "REQUEST_MISMATCH");
    }

    @Test
    void aResourceReadRunsOnlyOnAWritBindingItsLowerCasedMcpHeaders() {
        String ledger = "file:///payments/ledger.csv";
        String body = Json.write(Map.of("jsonrpc", "2.0", "id", 4, "method", "resources/read", "params", Map.of("uri", ledger)));
        RequestBinding route = new RequestBinding("POST", "/mcp", "a1b2c3", "prod", null);
        String routeOnly = Fixtures.token(Fixtures.validWrit().request(route).build());
        String forLedger = Fixtures.token(Fixtures.validWrit().request(route).inputs(BoundInputs.ofValues(Map.of(
                BoundInputs.header("Mcp-Method"), "resources/read", BoundInputs.header("Mcp-Name"), ledger))).build());
        Function<String, APIGatewayV2HTTPResponse> read = writ -> post(body, e -> {
            Map<String, Object> headers = Events.child(e, "headers");
            headers.put("mcp-method", "resources/read");
            headers.put("mcp-name", ledger);
            Events.child(Events.child(Events.child(e, "requestContext"), "authorizer"), "lambda").put("writ", writ);
        });
        assertThat(Events.child(error(read.apply(routeOnly)), "data")).containsEntry("code", "REQUEST_MISMATCH");
        assertThat(ran).as("the route's writ alone reads nothing").isEmpty();
        APIGatewayV2HTTPResponse served = read.apply(forLedger);
        assertThat(served.getStatusCode()).as(served.getBody()).isEqualTo(200);
        assertThat(ran).hasSize(1);
    }

    @Test
    void aMalformedCallIsRefusedBeforeAnyWritIsRead() {
        APIGatewayV2HTTPResponse response = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{}}", e -> { });
        assertThat(ran).isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.parseObject(response.getBody())).containsEntry("id", 2);
        assertThat(error(response)).containsEntry("code", -32602);
        assertThat(Events.child(error(response), "data")).containsEntry("code", "MISSING_TOOL_NAME");
        assertThat(post("{\"jsonrpc\":", e -> { }).getStatusCode()).isEqualTo(400);
    }

    @Test
    void aRepeatedMcpNameHeaderJoinedByTheHttpApiIsAHeaderMismatch() {
        String body = call(REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND));
        APIGatewayV2HTTPResponse response = post(body,
                e -> Events.child(e, "headers").put("mcp-name", "refund_payment,list_payments"));
        assertThat(ran).isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Events.child(error(response), "data")).containsEntry("code", "HEADER_MISMATCH");
    }

    @Test
    void aBase64BodyIsDecodedAsApiGatewaySendsIt() {
        String body = call(REFUND, ToolGuardMcpTest.toolWrit("refund_payment", REFUND));
        APIGatewayV2HTTPResponse response = post(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)),
                e -> {
                    e.put("isBase64Encoded", true);
                    GuardEvents.mcpHeaders(e, body);
                });
        assertThat(response.getStatusCode()).isEqualTo(200);
    }
}
