package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.writ.authorizer.Authorizer;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * HTTP API Lambda authorizer with simple responses ({@code EnableSimpleResponses: true}). Handler:
 * {@code dev.writ.authorizer.function.HttpSimpleAuthorizerFunction}. Every refusal is
 * {@code isAuthorized: false} (403).
 */
public class HttpSimpleAuthorizerFunction
        extends MicronautRequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {

    @Inject
    Authorizer authorizer;

    @Override
    public SimpleIAMPolicyResponse execute(APIGatewayV2CustomAuthorizerEvent event) {
        return authorizer.httpSimpleResponse(authorizer.decide(event));
    }
}
