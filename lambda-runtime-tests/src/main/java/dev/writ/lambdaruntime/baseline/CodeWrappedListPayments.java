package dev.writ.lambdaruntime.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.examples.zerocode.ListPayments;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.writ.Writ;

/**
 * The cold-start bench's code-wrapped form of the zero-code example: what its author would write
 * to guard {@code ListPayments} in code instead of in the template, a {@code GuardedRequestHandler}
 * that hands every verified event to it. Not part of Writ; started under the runtime emulator with
 * the example's jar and the layer. Lambda handler:
 * {@code dev.writ.lambdaruntime.baseline.CodeWrappedListPayments}.
 */
public class CodeWrappedListPayments extends GuardedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private final ListPayments payments = new ListPayments();

    @Override
    protected APIGatewayProxyResponseEvent handleVerified(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
        return payments.handleRequest(event, context);
    }
}
