package dev.writ.examples.payments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.writ.Writ;
import java.util.Map;

/**
 * {@code POST /payments} behind an API Gateway REST API (proxy integration). Lambda handler:
 * {@code dev.writ.examples.payments.CreatePayment}. The guard is configured from the
 * {@code WRIT_*} environment; a request without a valid writ gets a 403 and this code never runs.
 * An accepted payment is first sent to {@code payments-notify} on the {@code payment-events} queue
 * ({@link PaymentEvents}): a hop, whose child writ the guard's interceptor gets and attaches.
 */
public class CreatePayment extends GuardedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final PaymentEvents events;

    /** Lambda's constructor: the guard and the payment-events queue from the environment. */
    public CreatePayment() {
        super();
        this.events = PaymentEvents.fromEnvironment();
    }

    /** With an explicitly configured guard and no payment events (tests). */
    public CreatePayment(Guard guard) {
        this(guard, PaymentEvents.none());
    }

    CreatePayment(Guard guard, PaymentEvents events) {
        super(guard);
        this.events = events;
    }

    @Override
    protected APIGatewayProxyResponseEvent handleVerified(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(Payments.ACCEPTED)
                .withHeaders(Payments.JSON)
                .withBody(Payments.accept(writ, header(event.getHeaders(), "X-Payment-Amount"), events));
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
