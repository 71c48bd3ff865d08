package dev.writ.examples.mcp;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.guard.ToolGuard;
import java.util.Map;

/**
 * The guarded MCP server's Lambda handler behind an API Gateway HTTP API (payload format 2.0) with
 * Writ's authorizer: the same server as {@link PaymentsMcpFunction}, the writ of a route-level
 * request in {@code requestContext.authorizer.lambda}, a {@code tools/call}'s in its {@code _meta}.
 */
public final class PaymentsMcpHttpApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final ToolGuard guard;
    private final McpOverApiGateway mcp;

    /** As Lambda constructs it: the guard from the {@code WRIT_GUARD_*} environment. */
    public PaymentsMcpHttpApiFunction() {
        this(ToolGuard.fromEnvironment());
    }

    /** With {@code guard} (tests, {@code writ dev --api http}). */
    public PaymentsMcpHttpApiFunction(ToolGuard guard) {
        this.guard = guard;
        this.mcp = PaymentsMcpFunction.paymentsServer();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPEvent.RequestContext request = event.getRequestContext();
        String method = request == null || request.getHttp() == null ? null : request.getHttp().getMethod();
        if (!"POST".equals(method)) {
            // A stateless MCP server has no stream to GET and no session to DELETE (MCP 2026-07-28).
            return APIGatewayV2HTTPResponse.builder().withStatusCode(405).withHeaders(Map.of("Allow", "POST")).build();
        }
        return guard.handleMcp(event, context, (e, c, writ) -> mcp.answer(e, writ.subject()));
    }
}
