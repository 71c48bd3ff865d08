package dev.writ.guard.internal;

import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.util.List;
import java.util.Set;

/**
 * What the guard found in one event.
 *
 * @param kind      the event kind
 * @param presented the writs found, each with the inputs its bindings are checked against: one for
 *                  HTTP and direct events, one per record for SQS and SNS; a writ is null where a
 *                  record carried none
 * @param request   the HTTP request as the function sees it, or null for non-HTTP events
 * @param requestId API Gateway's request id, else the Lambda request id (may be null outside Lambda)
 */
public record Invocation(EventKind kind, List<Presented> presented, RequestBinding request, String requestId) {

    /**
     * One writ as the event presents it.
     *
     * @param writ   the compact writ, or null
     * @param inputs the values the writ's bound inputs ({@code in}) are checked against
     */
    public record Presented(String writ, RequestInputs inputs) {
    }

    public Invocation {
        presented = List.copyOf(presented);
    }

    /** This invocation with {@code keys} added to what each of its writs must bind ({@link RequestInputs#required()}). */
    public Invocation requiring(Set<String> keys) {
        if (keys.isEmpty()) {
            return this;
        }
        return new Invocation(kind, presented.stream()
                .map(p -> new Presented(p.writ(), new RequiredInputs(p.inputs(), keys))).toList(), request, requestId);
    }

    /** The writs found, in order (null where a record carried none). */
    public List<String> writs() {
        return presented.stream().map(Presented::writ).toList();
    }
}
