package dev.writ.lambdaruntime.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.internal.Headers;
import dev.writ.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latency baseline: the example's {@code CreatePayment} without the guard. It answers the same
 * 201 JSON body, taking the principal from the authorizer context and the execution id from the
 * API Gateway request id, as a function behind a plain Lambda authorizer would. Not part of Writ:
 * the benchmark in this module starts it under the runtime emulator beside the guarded one, with
 * the same layer on its class path. Lambda handler:
 * {@code dev.writ.lambdaruntime.baseline.UnguardedCreatePayment}.
 */
public class UnguardedCreatePayment implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        APIGatewayProxyRequestEvent.ProxyRequestContext rc = event.getRequestContext();
        Map<String, Object> authorizer = rc == null ? null : rc.getAuthorizer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("principal", authorizer == null ? null : authorizer.get("sub"));
        body.put("execId", rc == null ? null : rc.getRequestId());
        String amount = Headers.get(event.getHeaders(), "X-Payment-Amount");
        if (amount != null) {
            body.put("amount", amount);
        }
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Json.write(body));
    }
}
