package dev.writ.lambdaruntime.hop;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.hop.WritHopException;
import dev.writ.guard.writ.Writ;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code payments-write} with one hop: after its writ verified it posts the payment to the ledger
 * function ({@code LEDGER_FUNCTION}, a function ARN as a template passes {@code !GetAtt ...Arn})
 * with a plain SDK {@code Invoke}. The code knows nothing of child writs: the guard's interceptor
 * asks the writ exchange ({@code WRIT_GUARD_EXCHANGE_URL}) and puts the child in the client context.
 * Answers 201 with the ledger's answer, or 502 naming why the hop was not made or failed. With
 * {@code LEDGER_INVOCATION_TYPE=Event} the invoke is asynchronous (the interceptor then wraps the
 * payload in the envelope with the child) and a queued invoke answers 202.
 */
public class PaymentThenLedger extends GuardedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private final String ledger = System.getenv("LEDGER_FUNCTION");
    private final InvocationType invocationType = InvocationType.fromValue(
            System.getenv().getOrDefault("LEDGER_INVOCATION_TYPE", InvocationType.REQUEST_RESPONSE.toString()));

    @Override
    protected APIGatewayProxyResponseEvent handleVerified(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
        Map<String, Object> posting = new LinkedHashMap<>();
        posting.put("payment", writ.id());
        posting.put("principal", writ.subject());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("execId", writ.id());
        int status;
        try {
            InvokeResponse posted = lambda.invoke(r -> r.functionName(ledger).invocationType(invocationType)
                    .payload(SdkBytes.fromUtf8String(Json.write(posting))));
            if (invocationType == InvocationType.EVENT) {
                status = posted.statusCode() == 202 ? 202 : 502;
                body.put("ledgerStatus", posted.statusCode());
            } else {
                String answer = posted.payload().asUtf8String();
                status = posted.functionError() == null ? 201 : 502;
                body.put(posted.functionError() == null ? "ledger" : "ledgerError", Json.parseObject(answer));
            }
        } catch (WritHopException notSent) {
            status = 502;
            body.put("hop", notSent.lineageReason());
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(JSON).withBody(Json.write(body));
    }
}
