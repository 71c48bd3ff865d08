package dev.writ.authorizer.event;

import dev.writ.guard.writ.RequestBinding;
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
 * @param headers     request headers (empty for TOKEN events)
 * @param query       single-valued query parameters (empty for TOKEN events)
 * @param sourceIp    the caller's address, or null
 * @param policyArn   the ARN the IAM policy must name ({@code methodArn} / {@code routeArn})
 * @param problem     why the event cannot be decided (oversize header, unreadable ARN), if so
 */
public record AuthzInput(Kind kind, String token, RequestBinding binding, String routeKey,
                         Map<String, String> pathParameters, Map<String, String> headers,
                         Map<String, String> query, String sourceIp, String policyArn,
                         Optional<Problem> problem) {

    /** The authorizer event types. */
    public enum Kind { REST_TOKEN, REST_REQUEST, HTTP_REQUEST }

    /** Why an event cannot be decided. */
    public record Problem(Code code, String detail) {
        /** The kinds of unreadable input. */
        public enum Code { OVERSIZE_HEADER, MALFORMED_EVENT }
    }

    public AuthzInput {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        query = query == null ? Map.of() : Map.copyOf(query);
    }
}
