package dev.writ.authorizer.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.writ.testsupport.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Micronaut handlers start their context and inject the authorizer. In this JVM no
 * {@code WRIT_*} variable is set, so the authorizer is misconfigured: every handler must deny, and
 * none may throw (an exception other than {@code Unauthorized} would be a 500).
 */
class RestAuthorizerFunctionTest {

    @Test
    void restHandlerDeniesWhenMisconfigured() {
        APIGatewayCustomAuthorizerEvent event = tokenEvent();
        try (RestAuthorizerFunction fn = new RestAuthorizerFunction()) {
            IamPolicyResponseV1 response = fn.execute(event);
            @SuppressWarnings("unchecked")
            Map<String, Object> statement = (Map<String, Object>) ((Object[]) response.getPolicyDocument().get("Statement"))[0];
            assertThat(statement.get("Effect")).isEqualTo("Deny");
            assertThat(response.getContext()).containsEntry("reason", "MISCONFIGURED");
        }
    }

    @Test
    void invocationsRegisterNoBeansOfTheirLambdaContext() {
        // Micronaut's default registered the Context, its logger, client context and identity as
        // singletons on every invocation: the largest Java share of a warm authorizer request.
        APIGatewayCustomAuthorizerEvent event = tokenEvent();
        try (RestAuthorizerFunction fn = new RestAuthorizerFunction()) {
            for (int i = 0; i < 2; i++) {
                IamPolicyResponseV1 response = fn.handleRequest(event, new TestContext("writ-authorizer"));
                assertThat(response.getContext()).containsEntry("reason", "MISCONFIGURED");
            }
            assertThat(fn.getApplicationContext().findBean(Context.class)).isEmpty();
            assertThat(fn.getApplicationContext().findBean(LambdaLogger.class)).isEmpty();
        }
    }

    @Test
    void httpHandlersDenyWhenMisconfigured() {
        APIGatewayV2CustomAuthorizerEvent event = APIGatewayV2CustomAuthorizerEvent.builder().withVersion("2.0")
                .withType("REQUEST").withRouteArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/payments")
                .withHeaders(Map.of("authorization", "Bearer x")).withIdentitySource(List.of("Bearer x")).build();
        try (HttpSimpleAuthorizerFunction fn = new HttpSimpleAuthorizerFunction()) {
            assertThat(fn.execute(event).getIsAuthorized()).isFalse();
        }
        try (HttpIamAuthorizerFunction fn = new HttpIamAuthorizerFunction()) {
            assertThat(fn.execute(event).getContext()).containsEntry("reason", "MISCONFIGURED");
        }
    }

    private static APIGatewayCustomAuthorizerEvent tokenEvent() {
        return APIGatewayCustomAuthorizerEvent.builder().withType("TOKEN").withAuthorizationToken("Bearer x")
                .withMethodArn("arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/payments").build();
    }
}
