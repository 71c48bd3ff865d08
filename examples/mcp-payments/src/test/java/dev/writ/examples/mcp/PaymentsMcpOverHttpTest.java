package dev.writ.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.JWK;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.ReasonCode;
import dev.writ.authorizer.ToolCallRequest;
import dev.writ.authorizer.exchange.FunctionDeployment;
import dev.writ.core.json.Json;
import dev.writ.guard.ToolGuard;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guarded MCP server driven by the MCP Java SDK's own client over HTTP on loopback, through an
 * API Gateway stand-in with the real authorizer engine and the sample bundle: the agent host (this
 * test) asks the authorizer for a writ per tool call and sends it in {@code _meta}; the server runs
 * a call only with a writ for that tool and those arguments, once.
 */
class PaymentsMcpOverHttpTest {
    private static final String AGENT = "arn:aws:iam::123456789012:role/support-agent";
    /** The tool-call exchange's naming: the tool's function in TestContext's account and region. */
    private static final Function<String, List<String>> TOOL_ARNS = function -> new FunctionDeployment(
            "123456789012", "us-east-1", Map.of()).functionArns("aws", function);
    private static final JWK WRIT_KEY = TestJwks.es256();
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private Authorizer authorizer;
    private PaymentsMcpFunction function;
    private PaymentsMcpHttpApiFunction httpApiFunction;
    private LoopbackApiGateway gateway;

    @BeforeEach
    void start() throws Exception {
        authorizer = McpTestStack.authorizer(idp, WRIT_KEY);
        ToolGuard guard = McpTestStack.guard(WRIT_KEY, (jti, keepUntil) -> consumed.add(jti));
        function = new PaymentsMcpFunction(guard);
        httpApiFunction = new PaymentsMcpHttpApiFunction(guard);
        gateway = new LoopbackApiGateway(authorizer, function);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private McpSyncClient client(String bearer) {
        return McpTestStack.client(gateway, bearer);
    }

    /** What the agent host does before each call: asks Writ for a writ for this call. */
    private Decision askFor(String bearer, String tool, Map<String, Object> arguments) {
        return authorizer.decideToolCall(new ToolCallRequest(bearer, AGENT, tool, arguments, "agent-session-1"), TOOL_ARNS);
    }

    private static Map<String, Object> refund(int amount) {
        return Map.of("payment_id", "p-7", "amount", amount);
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments, String writ) {
        return client.tool(tool).arguments(arguments).meta(Map.of("dev.writ/writ", writ)).call();
    }

    @Test
    void aClerksAgentListsTheToolsAndRefundsWithinTheLimit() {
        String clerk = idp.token("carl", List.of("clerk"));
        McpSyncClient agent = client(clerk);
        assertThat(agent.tools().list().tools()).extracting(McpSchema.Tool::name)
                .containsExactly("list_payments", "create_payment", "refund_payment", "purge_payments");

        String writ = askFor(clerk, "refund_payment", refund(120)).token().orElseThrow();
        McpSchema.CallToolResult result = call(agent, "refund_payment", refund(120), writ);

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carl"));
    }

    @Test
    void aRefundOverTheClerksLimitGetsNoWrit() {
        Decision decision = askFor(idp.token("carl", List.of("clerk")), "refund_payment", refund(501));
        assertThat(decision.reason()).isEqualTo(ReasonCode.POLICY_DENY);
        assertThat(decision.token()).isEmpty();
    }

    @Test
    void argumentsChangedAfterAuthorizationAreRefusedBeforeTheToolRuns() {
        String clerk = idp.token("carl", List.of("clerk"));
        String writ = askFor(clerk, "refund_payment", refund(120)).token().orElseThrow();
        assertThatThrownBy(() -> call(client(clerk), "refund_payment", refund(99_999), writ))
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
    }

    @Test
    void aPromptInjectedAdminCallIsDeniedAtTheIssuerAndWithAnotherCallsWritAtTheServer() {
        String admin = idp.token("ada", List.of("admin"));
        assertThat(askFor(admin, "purge_payments", Map.of("before", "2027-01-01")).reason()).isEqualTo(ReasonCode.POLICY_DENY);
        String refundWrit = askFor(admin, "refund_payment", refund(120)).token().orElseThrow();
        assertThatThrownBy(() -> call(client(admin), "purge_payments", Map.of("before", "2027-01-01"), refundWrit))
                .hasMessageContaining("403").hasMessageContaining("REQUEST_MISMATCH");
    }

    @Test
    void aToolCallReplayedIsRefused() {
        String clerk = idp.token("carl", List.of("clerk"));
        McpSyncClient agent = client(clerk);
        String writ = askFor(clerk, "refund_payment", refund(120)).token().orElseThrow();
        call(agent, "refund_payment", refund(120), writ);
        assertThatThrownBy(() -> call(agent, "refund_payment", refund(120), writ))
                .hasMessageContaining("403").hasMessageContaining("REPLAYED");
    }

    @Test
    void noBearerTokenStopsAtTheAuthorizer() {
        assertThatThrownBy(() -> client("not-a-token").tools().list()).hasMessageContaining("401");
    }

    @Test
    void requestsWithoutTheMcpHeadersOrNotPostedAreRefused() throws Exception {
        String clerk = idp.token("carl", List.of("clerk"));
        String writ = askFor(clerk, "refund_payment", refund(120)).token().orElseThrow();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"refund_payment\","
                + "\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"dev.writ/writ\":\"" + writ + "\"}}}";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> noName = http.send(HttpRequest.newBuilder(URI.create(gateway.url()))
                .header("Authorization", "Bearer " + clerk).header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).contains("-32020").contains("Mcp-Name header is required");
        // Any method, not only tools/call: the guard refuses it (data.code), before the route's writ is read.
        HttpResponse<String> noVersion = http.send(HttpRequest.newBuilder(URI.create(gateway.url()))
                .header("Authorization", "Bearer " + clerk).header("Content-Type", "application/json")
                .header("Mcp-Method", "tools/list")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("-32020").contains("MCP-Protocol-Version header is required").contains("HEADER_MISMATCH");
    }

    @Test
    void aGetOrDeleteIsNotAllowedAndRunsNothing() {
        APIGatewayProxyResponseEvent response = function.handleRequest(
                new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/mcp"), new TestContext(LoopbackApiGateway.FUNCTION));
        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "POST");
    }

    /** A tools/call as an HTTP API delivers it (payload format 2.0, the recorded {@code http-v2} shape): lower-case headers, no multi-value map. */
    private APIGatewayV2HTTPResponse postThroughHttpApi(String method, Map<String, Object> arguments, String writ) {
        return postThroughHttpApi(method, arguments, writ, false);
    }

    /** As above; {@code base64}: the body base64-encoded, as API Gateway passes a body it takes for binary. */
    private APIGatewayV2HTTPResponse postThroughHttpApi(String method, Map<String, Object> arguments, String writ, boolean base64) {
        Map<String, Object> event = Json.parseObject(Events.text("http-v2.json"));
        event.put("rawPath", "/mcp");
        event.put("rawQueryString", "");
        event.remove("queryStringParameters");
        Events.child(Events.child(event, "requestContext"), "http").put("method", method);
        Map<String, Object> headers = Events.child(event, "headers");
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", "tools/call");
        headers.put("mcp-name", "refund_payment");
        String body = Json.write(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call", "params", Map.of(
                "name", "refund_payment", "arguments", arguments, "_meta", Map.of(
                        "io.modelcontextprotocol/protocolVersion", "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities", Map.of(), "dev.writ/writ", writ))));
        event.put("body", base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.put("isBase64Encoded", base64);
        return httpApiFunction.handleRequest(Events.typed(APIGatewayV2HTTPEvent.class, Json.write(event)),
                new TestContext(LoopbackApiGateway.FUNCTION));
    }

    @Test
    void throughAnHttpApiAToolsCallRunsWithAWritForThatCall() {
        String writ = askFor(idp.token("carl", List.of("clerk")), "refund_payment", refund(120)).token().orElseThrow();
        APIGatewayV2HTTPResponse response = postThroughHttpApi("POST", refund(120), writ);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        Map<String, Object> result = Events.child(Json.parseObject(response.getBody()), "result");
        assertThat(result.get("structuredContent")).isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carl"));
    }

    @Test
    void throughAnHttpApiArgumentsChangedAfterAuthorizationAreAJsonRpcError() {
        String writ = askFor(idp.token("carl", List.of("clerk")), "refund_payment", refund(120)).token().orElseThrow();
        APIGatewayV2HTTPResponse response = postThroughHttpApi("POST", refund(99_999), writ);
        assertThat(response.getStatusCode()).isEqualTo(403);
        Map<String, Object> error = Events.child(Json.parseObject(response.getBody()), "error");
        assertThat(Events.child(error, "data")).containsEntry("code", "REQUEST_MISMATCH");
    }

    @Test
    void aBase64EncodedToolsCallRunsWithTheArgumentsTheGuardVerified() {
        String writ = askFor(idp.token("carl", List.of("clerk")), "refund_payment", refund(120)).token().orElseThrow();
        APIGatewayV2HTTPResponse response = postThroughHttpApi("POST", refund(120), writ, true);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        Map<String, Object> result = Events.child(Json.parseObject(response.getBody()), "result");
        assertThat(result.get("structuredContent")).isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carl"));
    }

    @Test
    void aBase64EncodedRestToolsCallRunsWithTheArgumentsTheGuardVerified() {
        String writ = askFor(idp.token("carl", List.of("clerk")), "refund_payment", refund(120)).token().orElseThrow();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"refund_payment\","
                + "\"arguments\":{\"payment_id\":\"p-7\",\"amount\":120},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"dev.writ/writ\":\"" + writ + "\"}}}";
        Map<String, Object> event = Json.parseObject(Events.text("rest-proxy.json"));
        event.put("httpMethod", "POST");
        event.put("path", "/mcp");
        event.put("headers", Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "refund_payment"));
        event.remove("multiValueHeaders");
        event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        APIGatewayProxyResponseEvent response = function.handleRequest(Events.typed(APIGatewayProxyRequestEvent.class, Json.write(event)),
                new TestContext(LoopbackApiGateway.FUNCTION));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(Events.child(Json.parseObject(response.getBody()), "result").get("structuredContent"))
                .isEqualTo(Map.of("refunded", 120, "payment_id", "p-7", "by", "carl"));
    }

    @Test
    void throughAnHttpApiAGetIsNotAllowed() {
        APIGatewayV2HTTPResponse response = postThroughHttpApi("GET", refund(120), "unused");
        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "POST");
    }
}
