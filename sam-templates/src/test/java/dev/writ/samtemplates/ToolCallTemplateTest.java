package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A tool-call writ names its tool's function by the ARN of the function its guard runs in, in the
 * tool-call exchange's account; the template's functions have generated names: every tool function
 * of the sample bundle is mapped from its bundle name to a guarded function of that name.
 */
class ToolCallTemplateTest {

    @Test
    void everyToolFunctionIsMappedToItsDeployedFunctionInThisAccount() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, Object> tools = CfnTemplate.map(Json.parseObject(Files.readString(CfnTemplate.directory()
                .resolve("../policy-bundles/payments-api/manifest.json"))).get("tools"));
        Set<String> functions = tools.values().stream()
                .map(tool -> String.valueOf(CfnTemplate.map(tool).get("function"))).collect(Collectors.toSet());
        Map<String, Object> variables = CfnTemplate.map(CfnTemplate.map(template.resourcesOfType("AWS::Serverless::Function")
                .get("ToolCallFunction").get("Environment")).get("Variables"));

        assertThat(String.valueOf(variables.get("WRIT_EXCHANGE_ACCOUNT"))).contains("AWS::AccountId");
        String mapped = String.valueOf(CfnTemplate.map(variables.get("WRIT_EXCHANGE_FUNCTION_NAMES")).get("Fn::Sub"));
        assertThat(functions).isNotEmpty();
        for (String function : functions) {
            String id = mapped.replaceAll(".*\\b" + function + "=\\$\\{([A-Za-z0-9]+)}.*", "$1");
            assertThat(id).as(function + " is mapped").isNotEqualTo(mapped);
            Object environment = template.functionProperty(template.resourcesOfType("AWS::Serverless::Function").get(id), "Environment");
            assertThat(CfnTemplate.map(CfnTemplate.map(environment).get("Variables")).get("WRIT_GUARD_FUNCTION_NAME"))
                    .as(id).isEqualTo(function);
        }
    }
}
