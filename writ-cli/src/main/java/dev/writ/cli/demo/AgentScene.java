package dev.writ.cli.demo;

import dev.writ.cli.dev.DevStack;
import dev.writ.cli.dev.Gateway;
import dev.writ.cli.dev.Gateway.Request;
import dev.writ.cli.dev.SampleIdp;
import dev.writ.cli.dev.ToolCallEndpoint;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tour's agent scene: a scripted agent (no model) acting for carl (clerk) calls the guarded MCP
 * server at {@code /mcp} as an MCP client over HTTP would, its host asking the tool-call exchange
 * for a writ before each call and passing its own session id as {@code txn}; the exchange answers
 * the session's transaction (derived for carl and this agent), so the session's tool calls read as
 * one transaction in lineage. Each call is one row: who decided and with which code.
 */
final class AgentScene {
    static final String SECTION = "an AI agent's tool calls (scripted agent for carl; MCP at /mcp, a writ per call from "
            + ToolCallEndpoint.PATH + ")";
    private static final String CALLER = "carl's agent (clerk)";
    private static final String PROTOCOL = "2026-07-28";

    private final Gateway gateway;
    private final ToolCallEndpoint toolCalls;
    private final Map<String, String> bearer;
    private final String session = UUID.randomUUID().toString();
    private final Set<String> answered = new LinkedHashSet<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String firstRefundWrit;

    AgentScene(DevStack stack) {
        this.gateway = stack.gateway();
        this.toolCalls = stack.toolCalls();
        this.bearer = Map.of("Authorization", "Bearer " + stack.idp().token(SampleIdp.user("carl"), Duration.ofHours(1)));
    }

    /** The host's own id of its session, sent as {@code txn} with every request for a writ. */
    String session() {
        return session;
    }

    /**
     * Every transaction id the exchange answered for the session so far (its allowed calls): one,
     * the session's, once the scene has played.
     */
    Set<String> transactions() {
        return Set.copyOf(answered);
    }

    List<DemoStep> steps() {
        Map<String, Object> refund120 = refund(120);
        Map<String, Object> purge = Map.of("before", "2027-01-01");
        List<DemoStep> steps = new ArrayList<>();
        steps.add(step("tools/list", "ALLOWED", () -> gateway.handle(mcp("tools/list", null, Map.of()))));
        steps.add(step("tools/call refund_payment 120", "ALLOWED", () -> {
            Gateway.Response asked = ask("refund_payment", refund120);
            firstRefundWrit = writ(asked);
            return firstRefundWrit == null ? asked : then(asked, call("refund_payment", refund120, firstRefundWrit));
        }));
        steps.add(step("tools/call refund_payment 900 (over carl's limit, 500)", "POLICY_DENY",
                () -> askThenCall("refund_payment", refund(900))));
        steps.add(step("tools/call purge_payments (prompt-injected admin tool)", "POLICY_DENY",
                () -> askThenCall("purge_payments", purge)));
        steps.add(step("tools/call purge_payments with list_payments' writ", "REQUEST_MISMATCH", () -> {
            Gateway.Response asked = ask("list_payments", Map.of());
            return then(asked, call("purge_payments", purge, writ(asked)));
        }));
        steps.add(step("tools/call refund_payment 4900 with the writ for 120", "REQUEST_MISMATCH", () -> {
            Gateway.Response asked = ask("refund_payment", refund120);
            return then(asked, call("refund_payment", refund(4900), writ(asked)));
        }));
        steps.add(step("tools/call refund_payment 120, first call's writ (replay)", "REPLAYED",
                () -> call("refund_payment", refund120, firstRefundWrit)));
        return steps;
    }

    private DemoStep step(String what, String expected, java.util.function.Supplier<Gateway.Response> send) {
        return new DemoStep(SECTION, what, CALLER, expected, send);
    }

    /** What the agent host does before a call: asks for a writ for it; then, if it got one, calls. */
    private Gateway.Response askThenCall(String tool, Map<String, Object> arguments) {
        Gateway.Response asked = ask(tool, arguments);
        String writ = writ(asked);
        return writ == null ? asked : then(asked, call(tool, arguments, writ));
    }

    /** Asks the exchange for a writ for one call of the session; an allowed answer names the session's transaction. */
    private Gateway.Response ask(String tool, Map<String, Object> arguments) {
        String body = Json.write(Map.of("tool", tool, "arguments", arguments, "txn", session));
        Gateway.Response asked = toolCalls.handle(Request.of("POST", ToolCallEndpoint.PATH, Map.of(), bearer, body, null));
        if (asked.status() == 200) {
            answered.add((String) Json.parseObject(asked.body()).get("txn"));
        }
        return asked;
    }

    static String writ(Gateway.Response asked) {
        return asked.status() == 200 ? (String) Json.parseObject(asked.body()).get("writ") : null;
    }

    /** Calls {@code tool} at {@code /mcp} with {@code writ} in {@code _meta}, as the session's MCP client. */
    Gateway.Response call(String tool, Map<String, Object> arguments, String writ) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", PROTOCOL);
        meta.put("io.modelcontextprotocol/clientCapabilities", Map.of());
        meta.put("dev.writ/writ", writ);
        return gateway.handle(mcp("tools/call", tool, Map.of("name", tool, "arguments", arguments, "_meta", meta)));
    }

    /** One JSON-RPC request to {@code POST /mcp} with the headers MCP 2026-07-28 asks of an HTTP client. */
    private Request mcp(String method, String tool, Map<String, Object> params) {
        Map<String, String> headers = new LinkedHashMap<>(bearer);
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("MCP-Protocol-Version", PROTOCOL);
        headers.put("Mcp-Method", method);
        if (tool != null) {
            headers.put("Mcp-Name", tool);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        request.put("params", params.isEmpty() ? Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", PROTOCOL,
                "io.modelcontextprotocol/clientCapabilities", Map.of())) : params);
        return Request.of("POST", "/mcp", Map.of(), headers, Json.write(request), null);
    }

    private static Map<String, Object> refund(int amount) {
        return Map.of("payment_id", "p-7", "amount", amount);
    }

    /** The call's answer, with the exchange's lineage records before its own. */
    private static Gateway.Response then(Gateway.Response asked, Gateway.Response called) {
        List<LineageRecord> records = new ArrayList<>(asked.lineage());
        records.addAll(called.lineage());
        return new Gateway.Response(called.status(), called.body(), called.stage(), called.code(), called.detail(), records,
                called.headers());
    }
}
