package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/mcp-payments packaged as the template deploys it ({@code PaymentsMcpFunction}, its jar
 * and the guard-runtime layer, and its HTTP API twin {@code PaymentsMcpHttpFunction}, the same
 * bundle function) under the runtime emulator, with writs per tool call from the packaged
 * {@code ToolCallFunction} (authorizer-fn's jar, the KMS-signed bundle) mapping payments-mcp to
 * both: a call runs only with a writ for that tool and those arguments, once in all, in either
 * deployment and in no other function of the name; every refusal is a JSON-RPC error, never a
 * stack trace.
 */
class PackagedMcpServerIT {
    private static WritStack stack;
    private static McpToolCalls toolCalls;
    private static PackagedFunction server;
    private static PackagedFunction httpTwin;
    /** A third function guarded as payments-mcp, which the exchange does not map it to. */
    private static PackagedFunction unmapped;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.create();
        toolCalls = McpToolCalls.start(stack, "kms");
        server = McpToolCalls.startServer(stack);
        httpTwin = McpToolCalls.startServer(stack, McpToolCalls.HTTP_SERVER, "dev.writ.examples.mcp.PaymentsMcpHttpApiFunction");
        unmapped = McpToolCalls.startServer(stack, "writ-payments-mcp-unmapped", "dev.writ.examples.mcp.PaymentsMcpFunction");
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(unmapped, httpTwin, server, toolCalls, stack);
    }

    private static String clerk() {
        return stack.token("carla", "clerk");
    }

    private static Map<String, Object> refund(int amount) {
        return Map.of("payment_id", "p-7", "amount", amount);
    }

    /** The server's proxy response: HTTP status and the parsed JSON-RPC body. */
    private static Map<String, Object> call(String event) {
        return call(server, event);
    }

    /** {@code function}'s API Gateway response (REST or payload 2.0): HTTP status and the JSON-RPC body. */
    private static Map<String, Object> call(PackagedFunction function, String event) {
        PackagedFunction.Invocation answer = function.invoke(event);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at dev.writ");
        return answer.json();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> response) {
        return (Map<String, Object>) Json.parseObject((String) response.get("body")).get("error");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClerksAgentRefundsWithinTheLimitWithAWritFromThePackagedExchange() throws Exception {
        String writ = toolCalls.writFor(clerk(), "refund_payment", refund(120));
        Map<String, Object> response = call(McpToolCalls.toolCall("refund_payment", refund(120), writ));
        assertThat(response.get("statusCode")).as(response.toString()).isEqualTo(200);
        Map<String, Object> result = (Map<String, Object>) Json.parseObject((String) response.get("body")).get("result");
        assertThat(result.get("structuredContent")).isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carla"));
    }

    @Test
    void aRefundOverTheClerksLimitGetsNoWritFromThePackagedExchange() throws Exception {
        HttpResponse<String> answer = toolCalls.ask(clerk(), "refund_payment", refund(501), "rt-session");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(Json.parseObject(answer.body())).containsEntry("reason", "POLICY_DENY").doesNotContainKey("writ");
    }

    @Test
    void anotherUserSendingTheSameSessionIdGetsAnotherTransactionFromThePackagedExchange() throws Exception {
        HttpResponse<String> carlas = toolCalls.ask(clerk(), "refund_payment", refund(120), "shared-session");
        HttpResponse<String> adas = toolCalls.ask(stack.token("ada", "approver"), "refund_payment", refund(120), "shared-session");
        assertThat(carlas.statusCode()).as(carlas.body()).isEqualTo(200);
        assertThat(adas.statusCode()).as(adas.body()).isEqualTo(200);
        Object txn = Json.parseObject(carlas.body()).get("txn");
        assertThat(txn).asString().startsWith("agent-session:");
        assertThat(Json.parseObject(adas.body()).get("txn")).isNotNull().isNotEqualTo(txn);
        // Sent back as the session id, the answered txn is refused: it would start a second transaction silently.
        HttpResponse<String> sentBack = toolCalls.ask(clerk(), "refund_payment", refund(120), (String) txn);
        assertThat(sentBack.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(sentBack.body())).containsEntry("reason", "BAD_REQUEST");
    }

    @Test
    void argumentsChangedAfterAuthorizationAreRefusedBeforeTheToolRuns() throws Exception {
        String writ = toolCalls.writFor(clerk(), "refund_payment", refund(120));
        Map<String, Object> response = call(McpToolCalls.toolCall("refund_payment", refund(4900), writ));
        assertThat(response.get("statusCode")).isEqualTo(403);
        assertThat(error(response)).containsEntry("code", -31403).containsEntry("message", "Forbidden");
        assertThat(error(response).get("data")).asString().contains("REQUEST_MISMATCH");
    }

    @Test
    void aToolCallReplayedIsRefused() throws Exception {
        String writ = toolCalls.writFor(clerk(), "create_payment", Map.of("amount", 40, "payee", "acme"));
        String event = McpToolCalls.toolCall("create_payment", Map.of("amount", 40, "payee", "acme"), writ);
        assertThat(call(event).get("statusCode")).isEqualTo(200);
        Map<String, Object> again = call(event);
        assertThat(again.get("statusCode")).isEqualTo(403);
        assertThat(error(again).get("data")).asString().contains("REPLAYED");
    }

    @Test
    void aCallWithoutAWritAndAMalformedRequestAreRefusedInJsonRpc() {
        Map<String, Object> none = call(McpToolCalls.toolCall("list_payments", Map.of(), null));
        assertThat(none.get("statusCode")).isEqualTo(403);
        assertThat(error(none).get("data")).asString().contains("MISSING_WRIT");

        Map<String, Object> garbage = call(McpToolCalls.event("{\"jsonrpc\":", Map.of("Mcp-Method", "tools/call")));
        assertThat(garbage.get("statusCode")).isEqualTo(400);
        assertThat(error(garbage)).containsEntry("code", -32700);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHttpApiTwinRunsAWritFromTheExchangeAndASingleUseWritRunsOnceAcrossBoth() throws Exception {
        String writ = toolCalls.writFor(clerk(), "refund_payment", refund(130));
        Map<String, Object> response = call(httpTwin, McpToolCalls.httpToolCall("refund_payment", refund(130), writ));
        assertThat(response.get("statusCode")).as(response.toString()).isEqualTo(200);
        Map<String, Object> result = (Map<String, Object>) Json.parseObject((String) response.get("body")).get("result");
        assertThat(result.get("structuredContent")).isEqualTo(Map.of("refunded", 130, "payment_id", "p-7", "by", "carla"));

        // The twin spent it in the replay table both deployments share: the REST one refuses it.
        Map<String, Object> again = call(McpToolCalls.toolCall("refund_payment", refund(130), writ));
        assertThat(again.get("statusCode")).isEqualTo(403);
        assertThat(error(again).get("data")).asString().contains("REPLAYED");
    }

    @Test
    void aFunctionOfTheSameBundleNameTheExchangeDoesNotMapRefusesTheWrit() throws Exception {
        String writ = toolCalls.writFor(clerk(), "refund_payment", refund(140));
        Map<String, Object> refused = call(unmapped, McpToolCalls.toolCall("refund_payment", refund(140), writ));
        assertThat(refused.get("statusCode")).isEqualTo(403);
        assertThat(error(refused).get("data")).asString().contains("WRONG_AUDIENCE");
        // Unspent there: the deployment it names still runs it.
        assertThat(call(McpToolCalls.toolCall("refund_payment", refund(140), writ)).get("statusCode")).isEqualTo(200);
    }
}
