package dev.writ.examples.payments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.writ.Writ;

/**
 * {@code POST /payments} behind an API Gateway HTTP API (payload format 2.0). Lambda handler:
 * {@code dev.writ.examples.payments.CreatePaymentHttp}. Same logic as {@link CreatePayment}; HTTP
 * API events are another type, and a Lambda function has one handler.
 */
public class CreatePaymentHttp extends GuardedRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Lambda's constructor: the guard from the environment. */
    public CreatePaymentHttp() {
        super();
    }

    /** With an explicitly configured guard (tests). */
    public CreatePaymentHttp(Guard guard) {
        super(guard);
    }

    @Override
    protected APIGatewayV2HTTPResponse handleVerified(APIGatewayV2HTTPEvent event, Context context, Writ writ) {
        // HTTP API lower-cases header names.
        String amount = event.getHeaders() == null ? null : event.getHeaders().get("x-payment-amount");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(Payments.ACCEPTED)
                .withHeaders(Payments.JSON)
                .withBody(Payments.accept(writ, amount))
                .build();
    }
}
