package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.event.RestAuthorizerEvent;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * REST API Lambda authorizer, TOKEN or REQUEST type. Handler:
 * {@code dev.writ.authorizer.function.RestAuthorizerFunction}. An unauthenticated caller gets the
 * error {@code Unauthorized}, which API Gateway turns into a 401; every other refusal is a Deny
 * policy (403). The event is read with its multi-value maps ({@link RestAuthorizerEvent}), so a
 * repeated header or query parameter is decided on as the guard will read it.
 */
public class RestAuthorizerFunction extends MicronautRequestHandler<RestAuthorizerEvent, IamPolicyResponseV1> {

    /** The message API Gateway maps to 401 (any other error would be a 500). */
    public static final String UNAUTHORIZED = "Unauthorized";

    @Inject
    Authorizer authorizer;

    @Override
    public IamPolicyResponseV1 execute(RestAuthorizerEvent event) {
        Decision decision = authorizer.decide(event);
        if (decision.effect() == Decision.Effect.UNAUTHORIZED) {
            throw new UnauthorizedException();
        }
        return authorizer.restResponse(event, decision);
    }

    /** Carries exactly {@code Unauthorized}, no stack trace worth showing. */
    static final class UnauthorizedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnauthorizedException() {
            super(UNAUTHORIZED, null, false, false);
        }
    }
}
