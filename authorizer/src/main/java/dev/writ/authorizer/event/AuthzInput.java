package dev.writ.authorizer.event;

import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.util.Map;
import java.util.Optional;

/**
 * What the authorizer needs from one API Gateway authorizer event, whichever its type.
 *
 * @param kind        which event it came from
 * @param token       the bearer token (without {@code Bearer }), or null when absent
 * @param binding     the request binding the guard will compute from the backend's event
 * @param routeKey    the HTTP API route key ({@code GET /payments/{paymentId}}), or null
 * @param pathParameters path parameters API Gateway extracted (may be empty)
 * @param inputs      the request's headers, query values and source address, read as the guard
 *                    reads them ({@link RequestInputs#NONE} for TOKEN events)
 * @param sourceIp    the caller's address, or null
 * @param policyArn   the ARN the IAM policy must name ({@code methodArn} / {@code routeArn})
 * @param problem     why the event cannot be decided (oversize header, unreadable ARN, two tokens), if so
 */
public record AuthzInput(Kind kind, String token, RequestBinding binding, String routeKey,
                         Map<String, String> pathParameters, RequestInputs inputs, String sourceIp, String policyArn,
                         Optional<Problem> problem) {

    /** The authorizer event types. */
    public enum Kind { REST_TOKEN, REST_REQUEST, HTTP_REQUEST }

    /** Why an event cannot be decided. */
    public record Problem(Code code, String detail) {
        /** The kinds of unreadable input. */
        public enum Code {
            OVERSIZE_HEADER,
            MALFORMED_EVENT,
            /** {@code Authorization} given more than once, with different tokens. */
            TOKENS_DIFFER
        }
    }

    public AuthzInput {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        inputs = inputs == null ? RequestInputs.NONE : inputs;
    }
}
