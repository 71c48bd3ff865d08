package dev.writ.examples.mcp;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.ToolGuard;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.Map;

/**
 * The guarded MCP server's Lambda handler, behind an API Gateway REST API (proxy integration) with
 * Writ's authorizer ({@link PaymentsMcpHttpApiFunction} behind an HTTP API): {@code POST /mcp}, one JSON-RPC request per POST (MCP 2026-07-28, stateless).
 * {@link ToolGuard} verifies every request before the SDK sees it; a {@code tools/call} runs only
 * with a writ for that tool and those arguments (in {@code params._meta["dev.writ/writ"]}).
 */
public final class PaymentsMcpFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final ToolGuard guard;
    private final McpOverApiGateway mcp;

    /** As Lambda constructs it: the guard from the {@code WRIT_GUARD_*} environment. */
    public PaymentsMcpFunction() {
        this(ToolGuard.fromEnvironment());
    }

    /** With {@code guard} (tests, {@code writ dev}). */
    public PaymentsMcpFunction(ToolGuard guard) {
        this(guard, paymentsServer());
    }

    /** With {@code guard} in front of another MCP server (tests of what the guard lets reach a server). */
    PaymentsMcpFunction(ToolGuard guard, McpOverApiGateway mcp) {
        this.guard = guard;
        this.mcp = mcp;
    }

    /** The payments tools' MCP server, behind either API Gateway payload format. */
    static McpOverApiGateway paymentsServer() {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        return new McpOverApiGateway(new PaymentTools(json).server(json), json);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        if (!"POST".equals(event.getHttpMethod())) {
            // A stateless MCP server has no stream to GET and no session to DELETE (MCP 2026-07-28).
            return new APIGatewayProxyResponseEvent().withStatusCode(405).withHeaders(Map.of("Allow", "POST"));
        }
        return guard.handleMcp(event, context, (e, c, writ) -> mcp.answer(e, writ.subject()));
    }
}
