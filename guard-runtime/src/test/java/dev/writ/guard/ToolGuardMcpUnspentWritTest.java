package dev.writ.guard;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.tool.ToolCallError;
import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code tools/call} the MCP server behind the guard must refuse (MCP 2026-07-28, "Server
 * Validation") is refused by the guard before its writ is read: the writ is not consumed, and a
 * well-formed retry with the same writ runs the tool.
 */
class ToolGuardMcpUnspentWritTest {

    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);

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
                Arguments.of("another MCP-Protocol-Version", (Consumer<Map<String, Object>>) e ->
                        Events.child(e, "headers").put("MCP-Protocol-Version", "2025-11-25"), none, ToolCallError.HEADER_MISMATCH),
                Arguments.of("an id beyond 64 bits", none, (Consumer<Map<String, Object>>) body ->
                        body.put("id", BigInteger.TEN.pow(40)), ToolCallError.INVALID_REQUEST));
    }

    private static Consumer<Map<String, Object>> removeHeader(String name) {
        return e -> Events.child(e, "headers").remove(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCalls")
    void aCallTheServerMustRefuseDoesNotSpendItsWrit(String what, Consumer<Map<String, Object>> editEvent,
            Consumer<Map<String, Object>> editBody, ToolCallError error) {
        String writ = Fixtures.token(ToolGuardMcpTest.toolClaims("refund_payment", REFUND).singleUse(true).build());
        String wellFormed = ToolGuardMcpTest.call("refund_payment", REFUND, writ);
        Map<String, Object> body = Json.parseObject(wellFormed);
        editBody.accept(body);

        APIGatewayProxyResponseEvent refused = post(Json.write(body), editEvent);
        assertThat(refused.getStatusCode()).isEqualTo(error.httpStatus());
        assertThat(Events.child(Events.child(Json.parseObject(refused.getBody()), "error"), "data"))
                .containsEntry("code", error.name());
        assertThat(ran).as("the tool must not run").isZero();
        assertThat(consumed).as("the writ must not be spent").isEmpty();

        APIGatewayProxyResponseEvent retry = post(wellFormed, e -> { });
        assertThat(retry.getStatusCode()).isEqualTo(200);
        assertThat(ran).isEqualTo(1);
        assertThat(consumed).hasSize(1);
    }

    private APIGatewayProxyResponseEvent post(String body, Consumer<Map<String, Object>> edit) {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", e -> {
            e.put("path", "/mcp");
            e.put("body", body);
            GuardEvents.mcpHeaders(e, body);
            edit.accept(e);
        }));
        return guard.handleMcp(event, new TestContext(FUNCTION), (in, c, w) -> {
            ran++;
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{}");
        });
    }
}
