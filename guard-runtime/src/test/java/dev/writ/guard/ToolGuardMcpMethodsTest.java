package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.Field;
import dev.writ.guard.tool.ToolCallError;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.WritClaims;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MCP methods other than {@code tools/call}: those that act on nothing a policy names run on the
 * route's writ; {@code resources/read} and {@code prompts/get} only on a writ that also binds their
 * {@code Mcp-Method} and {@code Mcp-Name}; any other method is refused before the server sees it.
 */
class ToolGuardMcpMethodsTest {

    private static final String SECRET = "file:///payments/ledger.csv";

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final ToolGuard guard = ToolGuard.of(Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(log, true, StandardCharsets.UTF_8)).lineage(draft -> {
                appended.add(draft);
                return null;
            }).build()));
    private boolean ran;

    /** The authorizer's writ for {@code POST /mcp}, binding {@code headers} (name → value) as a policy that read them would. */
    private static String routeWrit(Map<String, String> headers) {
        Map<String, String> bound = new HashMap<>();
        headers.forEach((name, value) -> bound.put(BoundInputs.header(name), value));
        WritClaims.Builder writ = validWrit().request(new RequestBinding("POST", "/mcp", null, null, null));
        return Fixtures.token((bound.isEmpty() ? writ : writ.inputs(BoundInputs.ofValues(bound))).build());
    }

    private static String request(String method, Map<String, Object> params) {
        return Json.write(Map.of("jsonrpc", "2.0", "id", 2, "method", method, "params", params));
    }

    private APIGatewayProxyResponseEvent post(String body, Map<String, String> headers, String writ) {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", e -> {
            e.put("path", "/mcp");
            e.put("body", body);
            e.put("multiValueQueryStringParameters", null);
            e.put("queryStringParameters", null);
            e.put("multiValueHeaders", null);
            e.put("headers", new HashMap<>(headers));
            Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", writ);
        }));
        return guard.handleMcp(event, new TestContext(FUNCTION), (in, c, w) -> {
            ran = true;
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{\"served\":true}");
        });
    }

    /** The headers naming what a request acts on, which a route's policy decides on. */
    private static Map<String, String> named(String method, String name) {
        return Map.of("Mcp-Method", method, "Mcp-Name", name);
    }

    /** The headers a 2026-07-28 client sends with a request naming {@code name}. */
    private static Map<String, String> mcpHeaders(String method, String name) {
        Map<String, String> headers = new HashMap<>(named(method, name));
        headers.put("MCP-Protocol-Version", GuardEvents.MCP_VERSION);
        return headers;
    }

    private static Map<String, Object> error(APIGatewayProxyResponseEvent response) {
        return Events.child(Json.parseObject(response.getBody()), "error");
    }

    private void assertRefused(APIGatewayProxyResponseEvent response, String code, int status) {
        assertThat(ran).as("the server must not see the request").isFalse();
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(Events.child(error(response), "data")).containsEntry("code", code);
        assertThat(appended).last().satisfies(draft -> {
            assertThat(draft.type()).isEqualTo(LineageRecord.Type.DENIAL);
            assertThat(draft.text()).containsEntry(Field.REASON, code);
        });
    }

    @Test
    void theRoutesWritAloneReadsNoResourceAndFetchesNoPrompt() {
        String route = routeWrit(Map.of());
        assertRefused(post(request("resources/read", Map.of("uri", SECRET)), mcpHeaders("resources/read", SECRET), route),
                "REQUEST_MISMATCH", 403);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("header mcp-method is not bound by the writ, and this event requires it");
        assertRefused(post(request("prompts/get", Map.of("name", "refund_script")), mcpHeaders("prompts/get", "refund_script"), route),
                "REQUEST_MISMATCH", 403);
    }

    @Test
    void aWritBindingTheMethodAndNameReadsThatResourceOnly() {
        String forSecret = routeWrit(named("resources/read", SECRET));
        assertThat(post(request("resources/read", Map.of("uri", SECRET)), mcpHeaders("resources/read", SECRET), forSecret)
                .getStatusCode()).isEqualTo(200);
        assertThat(ran).isTrue();
        ran = false;
        String other = "file:///payments/keys.pem";
        // The headers name what the writ does not: the writ's digest differs.
        assertRefused(post(request("resources/read", Map.of("uri", other)), mcpHeaders("resources/read", other), forSecret),
                "REQUEST_MISMATCH", 403);
        // The headers name what the writ does, the body something else.
        assertRefused(post(request("resources/read", Map.of("uri", other)), mcpHeaders("resources/read", SECRET), forSecret),
                ToolCallError.HEADER_MISMATCH.name(), 400);
        // A writ for the prompt of that name does not read a resource of that name.
        String forPrompt = routeWrit(named("prompts/get", SECRET));
        assertRefused(post(request("resources/read", Map.of("uri", SECRET)), mcpHeaders("resources/read", SECRET), forPrompt),
                "REQUEST_MISMATCH", 403);
    }

    @Test
    void aNamedMethodWithoutItsHeadersOrWithUnboundParamsIsRefusedBeforeAnyWrit() {
        String forPrompt = routeWrit(named("prompts/get", "refund_script"));
        assertRefused(post(request("prompts/get", Map.of("name", "refund_script")), Map.of("Mcp-Method", "prompts/get",
                "MCP-Protocol-Version", GuardEvents.MCP_VERSION), forPrompt), ToolCallError.HEADER_MISMATCH.name(), 400);
        assertRefused(post(request("prompts/get", Map.of("name", "refund_script", "arguments", Map.of("payment_id", "p-9"))),
                mcpHeaders("prompts/get", "refund_script"), forPrompt), ToolCallError.UNBOUND_PARAMS.name(), 400);
        assertRefused(post(request("resources/read", Map.of()), mcpHeaders("resources/read", SECRET), forPrompt),
                ToolCallError.INVALID_REQUEST.name(), 400);
    }

    @Test
    void methodsNoWritCanShowWereDecidedAreRefusedUnboundMethod() {
        String route = routeWrit(Map.of());
        for (String method : List.of("completion/complete", "tasks/get", "tasks/result", "resources/subscribe",
                "logging/setLevel", "sampling/anything")) {
            APIGatewayProxyResponseEvent response = post(request(method, Map.of("name", "x")), mcpHeaders(method, "x"), route);
            assertRefused(response, ToolCallError.UNBOUND_METHOD.name(), 403);
            assertThat(error(response)).containsEntry("code", -32601);
        }
        // A request (with an id) in a notification's name is no notification.
        assertRefused(post(request("notifications/cancelled", Map.of()), Map.of(), route), ToolCallError.UNBOUND_METHOD.name(), 403);
    }

    @Test
    void methodsActingOnNothingAPolicyNamesRunOnTheRoutesWrit() {
        String route = routeWrit(Map.of());
        for (String method : List.of("server/discover", "ping", "tools/list", "resources/list", "resources/templates/list",
                "prompts/list")) {
            assertThat(post(request(method, Map.of()), Map.of("Mcp-Method", method, "MCP-Protocol-Version", GuardEvents.MCP_VERSION),
                    route).getStatusCode()).as(method).isEqualTo(200);
        }
        String notification = Json.write(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled",
                "params", Map.of("requestId", 1)));
        assertThat(post(notification, Map.of(), route).getStatusCode()).isEqualTo(200);
    }

    @Test
    void anOlderClientsInitializeRunsOnTheRoutesWrit() {
        String route = routeWrit(Map.of());
        // Before 2026-07-28: no Mcp-Method header; the client describes itself, the server answers in kind.
        String initialize = request("initialize", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "agent", "version", "1")));
        assertThat(post(initialize, Map.of(), route).getStatusCode()).isEqualTo(200);
        assertThat(ran).isTrue();
        ran = false;
        String initialized = Json.write(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        assertThat(post(initialized, Map.of(), route).getStatusCode()).isEqualTo(200);
        assertThat(ran).isTrue();
        ran = false;
        // The header, when sent, must still say what the body says.
        assertRefused(post(initialize, Map.of("Mcp-Method", "ping"), route), ToolCallError.HEADER_MISMATCH.name(), 400);
    }

    @Test
    void aWritBindingTheMethodButNotTheNameReadsNothing() {
        String methodOnly = routeWrit(Map.of("Mcp-Method", "resources/read"));
        assertRefused(post(request("resources/read", Map.of("uri", SECRET)), mcpHeaders("resources/read", SECRET), methodOnly),
                "REQUEST_MISMATCH", 403);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("header mcp-name is not bound by the writ, and this event requires it");
    }

    @Test
    void anEncodedNameIsComparedDecodedAndBoundAsSent() {
        String uri = "payments://limits/clérk";
        String encoded = "=?base64?" + java.util.Base64.getEncoder().encodeToString(uri.getBytes(StandardCharsets.UTF_8)) + "?=";
        String writ = routeWrit(named("resources/read", encoded));
        assertThat(post(request("resources/read", Map.of("uri", uri)), mcpHeaders("resources/read", encoded), writ)
                .getStatusCode()).isEqualTo(200);
        ran = false;
        // Base64 of bytes that are not UTF-8 (a lenient decoder reads U+FFFD, which the body can say too).
        String notUtf8 = "=?base64?" + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff}) + "?=";
        assertRefused(post(request("resources/read", Map.of("uri", "\uFFFD")), mcpHeaders("resources/read", notUtf8),
                routeWrit(named("resources/read", notUtf8))), ToolCallError.HEADER_MISMATCH.name(), 400);
    }
}
