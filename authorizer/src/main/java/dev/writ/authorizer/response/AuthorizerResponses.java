package dev.writ.authorizer.response;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.writ.authorizer.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorizer's answer in each response format. On allow the context carries {@code writ} (the
 * compact writ), {@code sub} and {@code jti}; on deny only {@code reason}, so that gateway responses
 * can show the code ({@code $context.authorizer.reason}). The IAM policy names exactly the ARN of
 * this request, never a wildcard.
 */
public final class AuthorizerResponses {

    /** Context key of the writ; the guard reads it from the backend's event. */
    public static final String WRIT = "writ";

    private AuthorizerResponses() {
    }

    /** REST API (TOKEN or REQUEST) response. */
    public static IamPolicyResponseV1 rest(Decision decision, String methodArn) {
        IamPolicyResponseV1.Statement statement = decision.isAllowed()
                ? IamPolicyResponseV1.allowStatement(methodArn) : IamPolicyResponseV1.denyStatement(arnOrAll(methodArn));
        IamPolicyResponseV1 response = new NullFreeIamPolicyResponseV1();
        response.setPrincipalId(decision.principalId());
        response.setPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                .withVersion(IamPolicyResponseV1.VERSION_2012_10_17).withStatement(List.of(statement)).build());
        response.setContext(new LinkedHashMap<>(context(decision)));
        return response;
    }

    /** HTTP API simple response: the writ reaches the backend at {@code requestContext.authorizer.lambda.writ}. */
    public static SimpleIAMPolicyResponse httpSimple(Decision decision) {
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(decision.isAllowed())
                .withContext(new LinkedHashMap<>(context(decision))).build();
    }

    /** HTTP API IAM policy response. */
    public static IamPolicyResponse httpIam(Decision decision, String routeArn) {
        IamPolicyResponse.Statement statement = decision.isAllowed()
                ? IamPolicyResponse.allowStatement(routeArn) : IamPolicyResponse.denyStatement(arnOrAll(routeArn));
        IamPolicyResponse response = new NullFreeIamPolicyResponse();
        response.setPrincipalId(decision.principalId());
        response.setPolicyDocument(IamPolicyResponse.PolicyDocument.builder()
                .withVersion(IamPolicyResponse.VERSION_2012_10_17).withStatement(List.of(statement)).build());
        response.setContext(new LinkedHashMap<>(context(decision)));
        return response;
    }

    private static String arnOrAll(String arn) {
        // A deny needs some resource; an event without an ARN is denied everywhere.
        return arn == null || arn.isEmpty() ? "*" : arn;
    }

    private static Map<String, String> context(Decision decision) {
        Map<String, String> context = new LinkedHashMap<>();
        if (decision.isAllowed()) {
            context.put(WRIT, decision.token().orElseThrow());
            context.put("sub", decision.principalId());
            context.put("jti", decision.writ().orElseThrow().id());
        } else {
            context.put("reason", decision.reason().name());
        }
        return context;
    }

    /**
     * The library's policy document map carries {@code "Condition": null} when there is no condition;
     * API Gateway refuses such a policy, so the key is dropped.
     */
    static Map<String, Object> dropNullConditions(Map<String, Object> document) {
        Object statements = document.get("Statement");
        if (statements instanceof Object[] array) {
            for (Object s : array) {
                if (s instanceof Map<?, ?> m && m.get("Condition") == null) {
                    m.remove("Condition");
                }
            }
        } else if (statements instanceof List<?> list) {
            for (Object s : list) {
                if (s instanceof Map<?, ?> m && m.get("Condition") == null) {
                    m.remove("Condition");
                }
            }
        }
        return document;
    }

    static final class NullFreeIamPolicyResponseV1 extends IamPolicyResponseV1 {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, Object> getPolicyDocument() {
            return dropNullConditions(super.getPolicyDocument());
        }
    }

    static final class NullFreeIamPolicyResponse extends IamPolicyResponse {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, Object> getPolicyDocument() {
            return dropNullConditions(super.getPolicyDocument());
        }
    }
}
