package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A tool-call writ names its tool's function by the ARN of each function its guard runs in, in the
 * tool-call exchange's account; the template's functions have generated names: every tool function
 * of the sample bundle is mapped from its bundle name to every guarded function of that name (the
 * MCP server behind the REST API and its HTTP API twin), and to no other, and those functions share
 * one replay table, so a single-use tool writ runs once in all.
 */
class ToolCallTemplateTest {
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_.-]+)=([^,]+)");
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    @Test
    void everyToolFunctionIsMappedToEveryFunctionItIsDeployedAsSharingOneReplayTable() throws IOException {
        CfnTemplate template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::Serverless::Function");
        Map<String, Object> tools = CfnTemplate.map(Json.parseObject(Files.readString(CfnTemplate.directory()
                .resolve("../policy-bundles/payments-api/manifest.json"))).get("tools"));
        Set<String> toolFunctions = tools.values().stream()
                .map(tool -> String.valueOf(CfnTemplate.map(tool).get("function"))).collect(Collectors.toSet());
        Map<String, Object> variables = CfnTemplate.map(CfnTemplate.map(functions.get("ToolCallFunction").get("Environment")).get("Variables"));

        assertThat(String.valueOf(variables.get("WRIT_EXCHANGE_ACCOUNT"))).contains("AWS::AccountId");
        assertThat(variables).as("agents of the stack's own account only").doesNotContainKey("WRIT_EXCHANGE_AGENT_ACCOUNTS");
        String mapped = String.valueOf(CfnTemplate.map(variables.get("WRIT_EXCHANGE_FUNCTION_NAMES")).get("Fn::Sub"));
        assertThat(toolFunctions).isNotEmpty();
        for (String function : toolFunctions) {
            List<String> ids = deployedAs(mapped, function);
            List<String> guarded = functions.entrySet().stream()
                    .filter(f -> function.equals(variable(template, f.getValue(), "WRIT_GUARD_FUNCTION_NAME")))
                    .map(Map.Entry::getKey).toList();
            assertThat(guarded).as(function + " is deployed").isNotEmpty();
            assertThat(ids).as(function + " is mapped to every function it is deployed as, and no other")
                    .containsExactlyInAnyOrderElementsOf(guarded);
            Set<Object> replayTables = ids.stream().map(id -> variable(template, functions.get(id), "WRIT_GUARD_REPLAY_TABLE"))
                    .collect(Collectors.toSet());
            assertThat(replayTables).as(function + "'s functions spend its writs in one table").hasSize(1).doesNotContainNull();
        }
    }

    /** The resource ids {@code function=${A}|${B}} maps {@code function} to; empty when it is not mapped. */
    private static List<String> deployedAs(String mapped, String function) {
        List<String> ids = new ArrayList<>();
        Matcher entry = ENTRY.matcher(mapped);
        while (entry.find()) {
            if (entry.group(1).equals(function)) {
                for (String name : entry.group(2).split("\\|", -1)) {
                    Matcher ref = REF.matcher(name.strip());
                    assertThat(ref.matches()).as(function + ": " + name + " is a function of the stack").isTrue();
                    ids.add(ref.group(1));
                }
            }
        }
        return ids;
    }

    /** A function's environment variable as SAM sets it: its own, else the {@code Globals} one. */
    private static Object variable(CfnTemplate template, Map<String, Object> function, String name) {
        Object own = CfnTemplate.map(CfnTemplate.map(function.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of())).get(name);
        if (own != null) {
            return own;
        }
        Map<String, Object> globals = CfnTemplate.map(template.section("Globals").getOrDefault("Function", Map.of()));
        return CfnTemplate.map(CfnTemplate.map(globals.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of())).get(name);
    }
}
