package dev.writ.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.examples.payments.CreatePayment;
import dev.writ.guard.Guard;
import dev.writ.guard.writ.Writ;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example function the template deploys ({@code dev.writ.examples.payments.CreatePayment}),
 * unchanged, plus a count of how often its code ran: the side effect a denial must never have.
 */
class CountingPayment extends CreatePayment {
    final AtomicInteger runs = new AtomicInteger();

    CountingPayment(Guard guard) {
        super(guard);
    }

    @Override
    protected APIGatewayProxyResponseEvent handleVerified(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
        runs.incrementAndGet();
        return super.handleVerified(event, context, writ);
    }
}
