package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import dev.writ.authorizer.Authorizer;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * HTTP API Lambda authorizer with IAM policy responses. Handler:
 * {@code dev.writ.authorizer.function.HttpIamAuthorizerFunction}.
 */
public class HttpIamAuthorizerFunction
        extends MicronautRequestHandler<APIGatewayV2CustomAuthorizerEvent, IamPolicyResponse> {

    @Inject
    Authorizer authorizer;

    @Override
    public IamPolicyResponse execute(APIGatewayV2CustomAuthorizerEvent event) {
        return authorizer.httpIamResponse(event, authorizer.decide(event));
    }
}
