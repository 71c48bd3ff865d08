package dev.writ.guard.internal;

import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.util.List;

/**
 * What the guard found in one event.
 *
 * @param kind      the event kind
 * @param writs     the writs found: one for HTTP and direct events, one per record for SQS and SNS;
 *                  an entry is null where a record carried none
 * @param request   the HTTP request as the function sees it, or null for non-HTTP events
 * @param inputs    the values a writ's bound inputs ({@code in}) are checked against
 * @param requestId API Gateway's request id, else the Lambda request id (may be null outside Lambda)
 */
public record Invocation(EventKind kind, List<String> writs, RequestBinding request, RequestInputs inputs,
                         String requestId) {
}
