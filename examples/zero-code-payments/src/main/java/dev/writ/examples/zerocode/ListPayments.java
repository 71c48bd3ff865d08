package dev.writ.examples.zerocode;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /payments}: the payments ledger, for the caller API Gateway's authorizer let through.
 * An ordinary handler: it knows nothing of Writ and trusts the principal the authorizer put in the
 * request context, as any function behind a Lambda authorizer does. The template guards it without
 * touching this code (handler {@code dev.writ.guard.entry.GuardedHandler},
 * {@code WRIT_GUARD_HANDLER=dev.writ.examples.zerocode.ListPayments}). Each request it serves is
 * logged, one line.
 */
public class ListPayments implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final List<Payment> LEDGER = List.of(
            new Payment("p-1001", 120, "EUR", "settled"),
            new Payment("p-1002", 75, "EUR", "pending"),
            new Payment("p-1003", 4200, "USD", "settled"));

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        APIGatewayProxyRequestEvent.ProxyRequestContext request = event.getRequestContext();
        Map<String, Object> authorizer = request == null ? null : request.getAuthorizer();
        Object principal = authorizer == null ? null : authorizer.get("principalId");
        String requestId = request == null ? null : request.getRequestId();
        String status = event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get("status");
        List<Payment> shown = LEDGER.stream().filter(p -> status == null || p.status().equals(status)).toList();

        context.getLogger().log("ListPayments served request " + requestId + ": " + shown.size() + " payments for " + principal);
        String body = "{\"principal\":" + Payment.quote(principal == null ? null : principal.toString())
                + ",\"requestId\":" + Payment.quote(requestId)
                + ",\"payments\":[" + shown.stream().map(Payment::toJson).collect(Collectors.joining(",")) + "]}";
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(body);
    }
}
