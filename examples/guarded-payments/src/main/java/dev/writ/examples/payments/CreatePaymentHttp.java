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

    private final PaymentEvents events;

    /** Lambda's constructor: the guard and the payment-events queue from the environment. */
    public CreatePaymentHttp() {
        super();
        this.events = PaymentEvents.fromEnvironment();
    }

    /** With an explicitly configured guard and no payment events (tests). */
    public CreatePaymentHttp(Guard guard) {
        this(guard, PaymentEvents.none());
    }

    CreatePaymentHttp(Guard guard, PaymentEvents events) {
        super(guard);
        this.events = events;
    }

    @Override
    protected APIGatewayV2HTTPResponse handleVerified(APIGatewayV2HTTPEvent event, Context context, Writ writ) {
        // HTTP API lower-cases header names.
        String amount = event.getHeaders() == null ? null : event.getHeaders().get("x-payment-amount");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(Payments.ACCEPTED)
                .withHeaders(Payments.JSON)
                .withBody(Payments.accept(writ, amount, events))
                .build();
    }
}
