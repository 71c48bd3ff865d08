package dev.writ.cli.dev;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.FunctionDeployment;
import dev.writ.authorizer.exchange.ToolCallExchange;
import dev.writ.core.json.Json;
import dev.writ.guard.internal.Headers;
import java.util.Map;
import java.util.Set;

/**
 * The stack's tool-call exchange (sam-templates' {@code ToolCallFunction} behind its function URL):
 * an agent host {@code POST}s {@code {"tool", "arguments", "txn"?}} with the user's bearer token
 * and gets a writ for that one call, decided by the real authorizer engine. In AWS the host signs
 * the request with SigV4 for its own role and the function URL names that role; here, on loopback,
 * every caller is the one local agent role {@value #AGENT_ROLE}.
 */
public final class ToolCallEndpoint implements Api {
    /** Where {@code writ dev} serves it. */
    public static final String PATH = "/tool-call";
    /** The IAM role every local caller acts as: the writ's agent ({@code act}). */
    public static final String AGENT_ROLE = "writ-dev-agent";
    private static final String AGENT_SESSION =
            "arn:aws:sts::" + EmbeddedExchange.ACCOUNT + ":assumed-role/" + AGENT_ROLE + "/writ-dev";

    private final DevStack stack;
    private final ToolCallExchange exchange;

    ToolCallEndpoint(DevStack stack) {
        this.stack = stack;
        this.exchange = new ToolCallExchange(stack.authorizer(),
                new FunctionDeployment(EmbeddedExchange.ACCOUNT, EmbeddedExchange.REGION, Map.of()), Set.of(EmbeddedExchange.ACCOUNT));
    }

    @Override
    public Gateway.Response handle(Gateway.Request request) {
        if (!"POST".equals(request.method())) {
            return new Gateway.Response(405, Json.write(Map.of("reason", "BAD_REQUEST", "message", "POST a tool call")),
                    "gateway", "BAD_REQUEST", "not a POST", java.util.List.of());
        }
        stack.lineage().begin();
        ExchangeResult result = exchange.exchange(request.body(), Headers.get(request.joinedHeaders(), "Authorization"), AGENT_SESSION);
        return new Gateway.Response(result.status(), Json.write(result.toJson()), "authorizer", result.reason(),
                result.message(), stack.lineage().drain());
    }
}
