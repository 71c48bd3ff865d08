package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.tool.ToolCallError;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * MCP {@code tools/call} over API Gateway: the server runs only with a writ that binds this tool
 * and these arguments; every refusal is a JSON-RPC error, never the server's answer.
 */
class ToolGuardMcpTest {

    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(logBytes, true, StandardCharsets.UTF_8)).build()));
    private final List<Writ> ran = new ArrayList<>();

    static String toolWrit(String tool, Map<String, Object> arguments) {
        return Fixtures.token(toolClaims(tool, arguments).build());
    }

    static WritClaims.Builder toolClaims(String tool, Map<String, Object> arguments) {
        return validWrit().request(null).inputs(BoundInputs.ofValues(Map.of(
                BoundInputs.TOOL, tool, BoundInputs.ARGS, BoundInputs.canonicalJson(arguments))));
    }

    /** The specification's tools/call body, for {@code tool} with {@code arguments}, carrying {@code writ} in _meta. */
    static String call(String tool, Object arguments, String writ) {
        return GuardEvents.json("tools/mcp-tools-call", body -> {
            Map<String, Object> params = Events.child(body, "params");
            params.put("name", tool);
            params.put("arguments", arguments);
            if (writ != null) {
                Events.child(params, "_meta").put("dev.writ/writ", writ);
            }
        });
    }

    private APIGatewayProxyResponseEvent post(String body, Consumer<Map<String, Object>> edit) {
        return guard.handleMcp(GuardEvents.mcpPost(body, edit), new TestContext(FUNCTION), (in, c, writ) -> {
            ran.add(writ);
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{\"served\":true}");
        });
    }

    private APIGatewayProxyResponseEvent post(String body) {
        return post(body, e -> { });
    }

    private static Map<String, Object> error(APIGatewayProxyResponseEvent response) {
        return Events.child(Json.parseObject(response.getBody()), "error");
    }

    private void assertDenied(APIGatewayProxyResponseEvent response, String code, String detail) {
        assertThat(ran).as("the tool must not run").isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(403);
        Map<String, Object> body = Json.parseObject(response.getBody());
        assertThat(body).containsEntry("jsonrpc", "2.0").containsEntry("id", 2);
        assertThat(error(response)).containsEntry("code", ToolAnswers.WRIT_DENIED).containsEntry("message", "Forbidden");
        assertThat(Events.child(error(response), "data")).containsEntry("code", code);
        assertThat(response.getBody()).doesNotContain(detail);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"reason\":\"" + code + "\"").contains(detail);
    }

    private void assertMalformed(APIGatewayProxyResponseEvent response, ToolCallError error, int status, int jsonRpcCode) {
        assertThat(ran).as("the tool must not run").isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(error(response)).containsEntry("code", jsonRpcCode);
        assertThat(Events.child(error(response), "data")).containsEntry("code", error.name());
    }

    @Test
    void runsTheToolForTheToolAndArgumentsItsWritNames() {
        APIGatewayProxyResponseEvent response = post(call("refund_payment", REFUND, toolWrit("refund_payment", REFUND)));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ran).hasSize(1);
        assertThat(ran.get(0).claims().inputs().digests()).containsKeys(BoundInputs.TOOL, BoundInputs.ARGS);
    }

    @Test
    void theToolCallsOutcomeIsWrittenWhenTheCallEndsNotLeftForTheNextInvocation() {
        List<LineageRecord.Type> appended = new ArrayList<>();
        ToolGuard recorded = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
                .logTo(new PrintStream(OutputStream.nullOutputStream())).lineage(draft -> {
                    appended.add(draft.type());
                    return null;
                }).build()));
        APIGatewayProxyRequestEvent event = GuardEvents.mcpPost(call("refund_payment", REFUND, toolWrit("refund_payment", REFUND)), e -> { });
        APIGatewayProxyResponseEvent response = recorded.handleMcp(event, new TestContext(FUNCTION),
                (in, c, writ) -> new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{}"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(appended).containsExactly(LineageRecord.Type.VERIFICATION, LineageRecord.Type.OUTCOME);
    }

    @Test
    void argumentsBindByTheirCanonicalJsonNotTheirSpelling() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("amount", 120.0e0);
        reordered.put("payment_id", "p-7");
        String body = call("refund_payment", reordered, toolWrit("refund_payment", REFUND));
        assertThat(post(body).getStatusCode()).isEqualTo(200);
    }

    @Test
    void argumentsChangedAfterAuthorizationAreARequestMismatch() {
        String body = call("refund_payment", Map.of("payment_id", "p-7", "amount", 99999), toolWrit("refund_payment", REFUND));
        assertDenied(post(body), "REQUEST_MISMATCH", "tool arguments does not match");
    }

    @Test
    void aWritForAnotherToolIsARequestMismatch() {
        String body = call("delete_all_payments", REFUND, toolWrit("refund_payment", REFUND));
        assertDenied(post(body), "REQUEST_MISMATCH", "tool name does not match");
    }

    @Test
    void aWritThatNamesNoToolDoesNotRunOne() {
        String ordinary = Fixtures.token(validWrit().request(null).build());
        assertDenied(post(call("refund_payment", REFUND, ordinary)), "REQUEST_MISMATCH", "tool arguments is not bound");
    }

    @Test
    void theAuthorizersRequestBoundWritDoesNotRunATool() {
        String authorizers = Fixtures.token(validWrit().request(new RequestBinding("POST", "/mcp", "a1b2c3", "prod", null)).build());
        APIGatewayProxyResponseEvent response = post(call("refund_payment", REFUND, null),
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", authorizers));
        assertDenied(response, "REQUEST_MISMATCH", "bound to an HTTP request");
    }

    @Test
    void aToolWritInTheAuthorizerContextRunsTheCallWhenMetaCarriesNone() {
        String writ = toolWrit("refund_payment", REFUND);
        APIGatewayProxyResponseEvent response = post(call("refund_payment", REFUND, null),
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", writ));
        assertThat(response.getStatusCode()).isEqualTo(200);
    }

    @Test
    void noWritAnywhereIsMissingWrit() {
        APIGatewayProxyResponseEvent response = post(call("refund_payment", REFUND, null),
                e -> Events.child(e, "requestContext").remove("authorizer"));
        assertThat(ran).isEmpty();
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(Events.child(error(response), "data")).containsEntry("code", "MISSING_WRIT");
    }

    @Test
    void otherMethodsAreVerifiedAsTheHttpRequestTheyAre() {
        String listing = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}";
        String bound = Fixtures.token(validWrit().request(new RequestBinding("POST", "/mcp", null, null, null)).build());
        Consumer<Map<String, Object>> withWrit = e -> {
            e.put("multiValueQueryStringParameters", null);
            e.put("queryStringParameters", null);
            Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", bound);
        };
        assertThat(post(listing, withWrit).getStatusCode()).isEqualTo(200);
        ran.clear();
        String forAnotherPath = Fixtures.token(validWrit().build());
        APIGatewayProxyResponseEvent denied = post(listing,
                e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", forAnotherPath));
        assertDenied(denied, "REQUEST_MISMATCH", "path does not match");
    }

    @Test
    void aRetryCarryingInputResponsesOrRequestStateDoesNotRunWithAWritForTheArgumentsAlone() {
        // MCP 2026-07-28's multi round-trip retry: the tool reads the answers (a confirmation, an
        // amount it asked for) and its own echoed state, which no writ binds and no policy decided.
        for (String member : List.of("inputResponses", "requestState")) {
            String body = GuardEvents.json("tools/mcp-tools-call", request -> {
                Map<String, Object> params = Events.child(request, "params");
                params.put("name", "refund_payment");
                params.put("arguments", REFUND);
                Events.child(params, "_meta").put("dev.writ/writ", toolWrit("refund_payment", REFUND));
                params.put(member, member.equals("requestState") ? "eyJhbW91bnQiOjUwMDB9"
                        : Map.of("amount", Map.of("action", "accept", "content", Map.of("amount", 5000))));
            });
            assertMalformed(post(body), ToolCallError.UNBOUND_PARAMS, 400, -32602);
        }
    }

    @Test
    void notJsonIsAParseError() {
        APIGatewayProxyResponseEvent response = post("{\"jsonrpc\":");
        assertMalformed(response, ToolCallError.PARSE_ERROR, 400, -32700);
        // MCP 2026-07-28 "Error Responses": no id when it could not be read (its schema has no null id, unlike JSON-RPC 2.0).
        assertThat(Json.parseObject(response.getBody())).doesNotContainKey("id");
    }

    @Test
    void argumentsGivenTwiceAreAParseErrorNotTheOnesTheServersParserWouldKeep() {
        // A server parser keeping the last of two members (Jackson's default) and a guard binding the
        // first would run other arguments than the writ names. Refused by the strict parser, before any writ.
        String writ = toolWrit("refund_payment", REFUND);
        String body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"refund_payment\","
                + "\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120},\"arguments\":{\"payment_id\":\"p-7\",\"amount\":99999},"
                + "\"_meta\":{\"dev.writ/writ\":\"" + writ + "\"}}}";
        assertMalformed(post(body), ToolCallError.PARSE_ERROR, 400, -32700);
    }

    @Test
    void aBatchIsRefused() {
        String body = "[" + call("refund_payment", REFUND, toolWrit("refund_payment", REFUND)) + "]";
        assertMalformed(post(body), ToolCallError.BATCH_FORBIDDEN, 400, -32600);
    }

    @Test
    void notAJsonRpcRequestIsInvalid() {
        assertMalformed(post("{\"id\":2,\"method\":\"tools/call\"}"), ToolCallError.INVALID_REQUEST, 400, -32600);
        assertMalformed(post("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"tools/call\"}"),
                ToolCallError.INVALID_REQUEST, 400, -32600);
        assertMalformed(post("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"refund_payment\"}}"),
                ToolCallError.INVALID_REQUEST, 400, -32600);
    }

    @Test
    void aToolsCallWithoutANameIsRefused() {
        assertMalformed(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}"),
                ToolCallError.MISSING_TOOL_NAME, 400, -32602);
        assertMalformed(post(call("", REFUND, null)), ToolCallError.MISSING_TOOL_NAME, 400, -32602);
    }

    @Test
    void argumentsThatAreNotAnObjectAreRefused() {
        assertMalformed(post(call("refund_payment", List.of(1, 2), toolWrit("refund_payment", REFUND))),
                ToolCallError.INVALID_ARGUMENTS, 400, -32602);
    }

    @Test
    void hugeArgumentsAreRefusedWithoutReadingThem() {
        Map<String, Object> huge = Map.of("memo", "x".repeat(70_000));
        assertMalformed(post(call("refund_payment", huge, null)), ToolCallError.TOO_LARGE, 413, -32600);
        Map<String, Object> justUnder = Map.of("memo", "x".repeat(40_000));
        String body = call("refund_payment", justUnder, toolWrit("refund_payment", justUnder));
        assertThat(post(body).getStatusCode()).isEqualTo(200);
    }

    @Test
    void anMcpNameHeaderThatDiffersFromTheBodyIsAHeaderMismatch() {
        String body = call("refund_payment", REFUND, toolWrit("refund_payment", REFUND));
        assertMalformed(post(body, e -> Events.child(e, "headers").put("Mcp-Name", "list_payments")),
                ToolCallError.HEADER_MISMATCH, 400, -32020);
        assertMalformed(post(body, e -> Events.child(e, "multiValueHeaders").put("mcp-name", List.of("refund_payment", "x"))),
                ToolCallError.HEADER_MISMATCH, 400, -32020);
        assertMalformed(post(body, e -> Events.child(e, "headers").put("Mcp-Method", "tools/list")),
                ToolCallError.HEADER_MISMATCH, 400, -32020);
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("refund_payment".getBytes(StandardCharsets.UTF_8)) + "?=";
        assertThat(post(body, e -> Events.child(e, "headers").put("Mcp-Name", encoded)).getStatusCode()).isEqualTo(200);
    }
}
