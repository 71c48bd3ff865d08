package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Lambda authorizer of every template says {@code ReauthorizeEvery: 0}. A writ is bound to
 * its request's inputs, which API Gateway's cache key (the identity sources) does not cover, so
 * caching stays off (see the comment above the APIs in template.yaml). Leaving the line out is
 * not the same: SAM then gives a REST API authorizer a 300 s cache.
 */
class AuthorizerCachingTest {

    @Test
    void everyLambdaAuthorizerHasCachingOffAndKeysOnMethodAndPath() throws IOException {
        List<String> authorizers = new ArrayList<>();
        for (CfnTemplate template : CfnTemplate.all()) {
            template.resources().forEach((id, r) -> {
                Map<String, Object> resource = CfnTemplate.map(r);
                if (!List.of("AWS::Serverless::Api", "AWS::Serverless::HttpApi").contains(resource.get("Type"))) {
                    return;
                }
                Map<String, Object> auth = CfnTemplate.map(CfnTemplate.map(resource.getOrDefault("Properties", Map.of()))
                        .getOrDefault("Auth", Map.of()));
                CfnTemplate.map(auth.getOrDefault("Authorizers", Map.of())).forEach((name, a) -> {
                    Map<String, Object> authorizer = CfnTemplate.map(a);
                    if (!authorizer.containsKey("FunctionArn")) {
                        return; // not a Lambda authorizer
                    }
                    Map<String, Object> identity = CfnTemplate.map(authorizer.getOrDefault("Identity", Map.of()));
                    assertThat(identity.get("ReauthorizeEvery")).as(id + "." + name + " ReauthorizeEvery").isEqualTo(0);
                    assertThat(CfnTemplate.list(identity.get("Context"))).as(id + "." + name + " identity context")
                            .contains("httpMethod", "path");
                    authorizers.add(id + "." + name);
                });
            });
        }
        assertThat(authorizers).containsExactlyInAnyOrder("PaymentsRestApi.WritRequestAuthorizer",
                "PaymentsHttpApi.WritLambdaAuthorizer");
    }
}
