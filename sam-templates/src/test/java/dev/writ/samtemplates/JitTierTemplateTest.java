package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Java function of every template runs C1 only, written out in its {@code JAVA_TOOL_OPTIONS}
 * (its own or {@code Globals}', key by key as SAM merges them): measured against C2, C1 keeps the
 * cold start short and C2 bought the guarded functions nothing warm (docs/deploy.md, "The JIT
 * compiler: C1 or C2"; lambda-runtime-tests/RESULTS.md). Written out, it also stays C1 on a runtime
 * whose own default differs (java25 uses C2 under SnapStart). Whoever changes a function's tier
 * changes this test and those figures' conclusion with it.
 */
class JitTierTemplateTest {

    private static final String C1_ONLY = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    @Test
    void everyJavaFunctionSetsC1OnlyInItsJavaToolOptions() throws IOException {
        Map<String, Object> options = new LinkedHashMap<>();
        for (CfnTemplate template : CfnTemplate.all()) {
            Map<String, Object> globals = variables(CfnTemplate.map(template.section("Globals").getOrDefault("Function", Map.of())));
            template.resourcesOfType("AWS::Serverless::Function").forEach((id, fn) -> {
                if (!String.valueOf(template.functionProperty(fn, "Runtime")).startsWith("java")) {
                    return;
                }
                Map<String, Object> merged = new LinkedHashMap<>(globals);
                merged.putAll(variables(fn));
                options.put(template.name() + " " + id, merged.get("JAVA_TOOL_OPTIONS"));
            });
        }
        assertThat(options).as("Java functions found").hasSizeGreaterThan(10);
        assertThat(options).allSatisfy((function, value) -> assertThat(value).as(function).isEqualTo(C1_ONLY));
    }

    private static Map<String, Object> variables(Map<String, Object> function) {
        Map<String, Object> environment = CfnTemplate.map(function.getOrDefault("Environment", Map.of()));
        return CfnTemplate.map(environment.getOrDefault("Variables", Map.of()));
    }
}
