package dev.writ.lambdaruntime.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.examples.mcp.McpOverApiGateway;
import dev.writ.examples.mcp.PaymentTools;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * The MCP tool-call latency bench's baseline: examples/mcp-payments' server (its tools, its
 * API Gateway adapter, the same SDK) without {@code ToolGuard}; the tools see the authorizer
 * context's {@code principalId} as the caller. Started from the example's jar plus this module's.
 */
public final class UnguardedPaymentsMcp implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final McpOverApiGateway mcp;

    public UnguardedPaymentsMcp() {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        this.mcp = new McpOverApiGateway(new PaymentTools(json).server(json), json);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        Object principal = event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null ? null
                : event.getRequestContext().getAuthorizer().get("principalId");
        return mcp.answer(event, String.valueOf(principal));
    }
}
