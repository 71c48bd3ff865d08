package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.tool.McpRequestRules;
import dev.writ.guard.tool.ToolCallError;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.WritClaims;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request the MCP server behind the guard must refuse (MCP 2026-07-28, "Server Validation") is
 * refused by the guard before its writ is read, whatever its method: the writ is not consumed, and
 * a well-formed retry with the same writ runs.
 */
class ToolGuardMcpUnspentWritTest {

    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);
    private static final String LIMITS = "payments://limits/clerk";

    private final List<String> consumed = new ArrayList<>();
    private final ReplayStore memory = Fixtures.memoryReplayStore();
    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder()
            .verifier(Fixtures.verifierConfig().replayStore((jti, keepUntil) -> {
                consumed.add(jti);
                return memory.consume(jti, keepUntil);
            }).build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).build()));
    private int ran;

    static List<Arguments> refusedCalls() {
        Consumer<Map<String, Object>> none = e -> { };
        return List.of(
                Arguments.of("no Mcp-Name", removeHeader("Mcp-Name"), none, ToolCallError.HEADER_MISMATCH),
                Arguments.of("no Mcp-Method", removeHeader("Mcp-Method"), none, ToolCallError.HEADER_MISMATCH),
                Arguments.of("no MCP-Protocol-Version", removeHeader("MCP-Protocol-Version"), none, ToolCallError.HEADER_MISMATCH),
                Arguments.of("another MCP-Protocol-Version", anotherVersion(), none, ToolCallError.HEADER_MISMATCH),
                Arguments.of("an id beyond 64 bits", none, (Consumer<Map<String, Object>>) body ->
                        body.put("id", BigInteger.TEN.pow(40)), ToolCallError.INVALID_REQUEST));
    }

    private static Consumer<Map<String, Object>> removeHeader(String name) {
        return e -> Events.child(e, "headers").remove(name);
    }

    private static Consumer<Map<String, Object>> anotherVersion() {
        return e -> Events.child(e, "headers").put("MCP-Protocol-Version", "2025-11-25");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCalls")
    void aCallTheServerMustRefuseDoesNotSpendItsWrit(String what, Consumer<Map<String, Object>> editEvent,
            Consumer<Map<String, Object>> editBody, ToolCallError error) {
        String writ = Fixtures.token(ToolGuardMcpTest.toolClaims("refund_payment", REFUND).singleUse(true).build());
        String wellFormed = ToolGuardMcpTest.call("refund_payment", REFUND, writ);
        Map<String, Object> body = Json.parseObject(wellFormed);
        editBody.accept(body);

        assertRefusedUnspent(post(Json.write(body), editEvent), error);
        assertRetryRuns(post(wellFormed, e -> { }));
    }

    static List<Arguments> refusedRequests() {
        List<Arguments> requests = new ArrayList<>();
        for (String method : List.of("tools/list", "ping", "resources/read", "prompts/get")) {
            requests.add(Arguments.of(method, "no Mcp-Method", removeHeader("Mcp-Method")));
            requests.add(Arguments.of(method, "no MCP-Protocol-Version", removeHeader("MCP-Protocol-Version")));
            requests.add(Arguments.of(method, "another MCP-Protocol-Version than _meta's", anotherVersion()));
        }
        requests.add(Arguments.of("resources/read", "no Mcp-Name", removeHeader("Mcp-Name")));
        requests.add(Arguments.of("prompts/get", "no Mcp-Name", removeHeader("Mcp-Name")));
        return requests;
    }

    /** Not only a {@code tools/call}: a route's single-use writ is not spent on any request the server would refuse. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("refusedRequests")
    void aRequestOfAnyMethodTheServerMustRefuseDoesNotSpendTheRoutesWrit(String method, String what,
            Consumer<Map<String, Object>> editEvent) {
        Map<String, Object> params = new HashMap<>(Map.of("_meta", Map.of(McpRequestRules.META_PROTOCOL_VERSION, GuardEvents.MCP_VERSION)));
        WritClaims.Builder claims = Fixtures.validWrit().request(new RequestBinding("POST", "/mcp", null, null, null)).singleUse(true);
        if (!method.equals("tools/list") && !method.equals("ping")) {
            String name = method.equals("resources/read") ? LIMITS : "review_refund";
            params.put(method.equals("resources/read") ? "uri" : "name", name);
            claims = claims.inputs(BoundInputs.ofValues(Map.of(BoundInputs.header("Mcp-Method"), method, BoundInputs.header("Mcp-Name"), name)));
        }
        String body = Json.write(Map.of("jsonrpc", "2.0", "id", 3, "method", method, "params", params));
        String writ = Fixtures.token(claims.build());
        Consumer<Map<String, Object>> withWrit = e -> {
            e.put("multiValueQueryStringParameters", null);
            e.put("queryStringParameters", null);
            Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", writ);
        };

        assertRefusedUnspent(post(body, withWrit.andThen(editEvent)), ToolCallError.HEADER_MISMATCH);
        assertRetryRuns(post(body, withWrit));
    }

    private void assertRefusedUnspent(APIGatewayProxyResponseEvent refused, ToolCallError error) {
        assertThat(refused.getStatusCode()).isEqualTo(error.httpStatus());
        assertThat(Events.child(Events.child(Json.parseObject(refused.getBody()), "error"), "data"))
                .containsEntry("code", error.name());
        assertThat(ran).as("the server must not run").isZero();
        assertThat(consumed).as("the writ must not be spent").isEmpty();
    }

    private void assertRetryRuns(APIGatewayProxyResponseEvent retry) {
        assertThat(retry.getStatusCode()).as(retry.getBody()).isEqualTo(200);
        assertThat(ran).isEqualTo(1);
        assertThat(consumed).hasSize(1);
    }

    private APIGatewayProxyResponseEvent post(String body, Consumer<Map<String, Object>> edit) {
        return guard.handleMcp(GuardEvents.mcpPost(body, edit), new TestContext(FUNCTION), (in, c, w) -> {
            ran++;
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{}");
        });
    }
}
