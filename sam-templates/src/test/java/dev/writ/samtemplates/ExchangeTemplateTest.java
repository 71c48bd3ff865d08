package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writ exchange's entry: every function URL of every template is IAM-authenticated (a writ
 * alone must never get a child writ), and every role that may call the exchange's URL is one the
 * exchange maps to a function ({@code WRIT_EXCHANGE_CALLER_ROLES}), so no role can ask for hops in
 * a function's name without the deployer having said which function it is; the
 * {@code lambda:InvokeFunction} a function URL also needs is granted only through the URL.
 */
class ExchangeTemplateTest {

    @Test
    void everyFunctionUrlIsIamAuthenticated() throws IOException {
        List<String> urls = new ArrayList<>();
        for (CfnTemplate template : CfnTemplate.all()) {
            template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
                Object url = template.functionProperty(fn, "FunctionUrlConfig");
                if (url != null) {
                    assertThat(CfnTemplate.map(url).get("AuthType")).as(id).isEqualTo("AWS_IAM");
                    urls.add(id);
                }
            });
        }
        assertThat(urls).contains("ExchangeFunction");
    }

    @Test
    void everyRoleThatMayAskTheExchangeIsMappedToAFunction() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        String mapped = exchangeVariable(template, "WRIT_EXCHANGE_CALLER_ROLES");

        List<String> askers = new ArrayList<>();
        template.resourcesOfType("AWS::IAM::RolePolicy").forEach((id, properties) -> {
            for (Object s : CfnTemplate.list(CfnTemplate.map(properties.get("PolicyDocument")).get("Statement"))) {
                Map<String, Object> statement = CfnTemplate.map(s);
                String action = String.valueOf(statement.get("Action"));
                if (action.equals("lambda:InvokeFunction")) {
                    // Direct invocation would let the role hand the exchange a forged URL event.
                    assertThat(statement.get("Condition")).as(id + " lambda:InvokeFunction")
                            .isEqualTo(Map.of("Bool", Map.of("lambda:InvokedViaFunctionUrl", "true")));
                    continue;
                }
                if (!action.contains("lambda:InvokeFunctionUrl")) {
                    continue;
                }
                assertThat(statement.get("Condition")).as(id)
                        .isEqualTo(Map.of("StringEquals", Map.of("lambda:FunctionUrlAuthType", "AWS_IAM")));
                if (!String.valueOf(statement.get("Resource")).contains("ExchangeFunction")) {
                    // Another function URL (the checkpoint signer's witnesses): a pattern the exchange cannot match.
                    assertThat(String.valueOf(statement.get("Resource"))).as(id).contains("function:*-WitnessFunction-*");
                    continue;
                }
                String role = String.valueOf(CfnTemplate.map(properties.get("RoleName")).get("Ref"));
                assertThat(mapped).as(id + " grants " + role + " the exchange").contains("=${" + role + "}");
                askers.add(role);
            }
        });
        assertThat(askers).containsExactly("PaymentsRole");
        // A role's inline policies may not grant it: the exchange names the roles, a role naming the
        // exchange would be a cycle, so every grant is a RolePolicy, checked above.
        template.resourcesOfType("AWS::IAM::Role").forEach((id, role) ->
                assertThat(String.valueOf(role.get("Policies"))).as(id).doesNotContain("lambda:InvokeFunctionUrl"));
    }

    /**
     * A message hop's child names its consumer by the ARN of the function its guard runs in, and the
     * template's functions have generated names: every guarded function that consumes one of the
     * sample bundle's message hops is mapped from its bundle name to its own name.
     */
    @Test
    void everyMessageHopConsumerIsMappedToItsDeployedFunction() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, Object> hops = CfnTemplate.map(Json.parseObject(Files.readString(CfnTemplate.directory()
                .resolve("../policy-bundles/payments-api/manifest.json"))).get("hops"));
        List<String> consumers = hops.entrySet().stream().filter(hop -> !hop.getKey().startsWith("lambda:Invoke "))
                .map(hop -> String.valueOf(CfnTemplate.map(hop.getValue()).get("function"))).toList();
        String mapped = exchangeVariable(template, "WRIT_EXCHANGE_FUNCTION_NAMES");

        List<String> deployed = new ArrayList<>();
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
            Object environment = template.functionProperty(fn, "Environment");
            Object guardName = environment == null ? null
                    : CfnTemplate.map(CfnTemplate.map(environment).get("Variables")).get("WRIT_GUARD_FUNCTION_NAME");
            if (consumers.contains(String.valueOf(guardName))) {
                assertThat(mapped).as(id).contains(guardName + "=${" + id + "}");
                deployed.add(id);
            }
        });
        assertThat(deployed).containsExactly("PaymentsNotifyFunction");
    }

    /** The exchange function's variable {@code name}, a {@code !Sub} string, as written. */
    private static String exchangeVariable(CfnTemplate template, String name) {
        Map<String, Object> exchange = CfnTemplate.map(template.resources().get("ExchangeFunction"));
        Object value = CfnTemplate.map(CfnTemplate.map(CfnTemplate.map(exchange.get("Properties"))
                .get("Environment")).get("Variables")).get(name);
        return String.valueOf(CfnTemplate.map(value).get("Fn::Sub"));
    }
}
