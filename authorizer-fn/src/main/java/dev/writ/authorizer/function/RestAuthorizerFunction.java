package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * REST API Lambda authorizer, TOKEN or REQUEST type. Handler:
 * {@code dev.writ.authorizer.function.RestAuthorizerFunction}. An unauthenticated caller gets the
 * error {@code Unauthorized}, which API Gateway turns into a 401; every other refusal is a Deny
 * policy (403).
 */
public class RestAuthorizerFunction extends MicronautRequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {

    /** The message API Gateway maps to 401 (any other error would be a 500). */
    public static final String UNAUTHORIZED = "Unauthorized";

    @Inject
    Authorizer authorizer;

    @Override
    public IamPolicyResponseV1 execute(APIGatewayCustomAuthorizerEvent event) {
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
