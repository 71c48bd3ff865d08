package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code Handler} of every SAM function in every template resolves in the jar its
 * {@code CodeUri} names plus its layers: one test per function, named
 * {@code <template> <LogicalId> <Handler>}. Where the handler is Writ's entry point, the handler it
 * runs ({@code WRIT_GUARD_HANDLER}) must resolve there too. Runs in {@code integration-test}, after the reactor
 * packaged the jars; a jar that was not built fails its function's test with the module to build.
 */
class TemplateHandlersIT {
    private static final String ENTRY_POINT = "dev.writ.guard.entry.GuardedHandler";
    private static final String HANDLER_VARIABLE = "WRIT_GUARD_HANDLER";

    @TempDir
    Path scratch;

    @TestFactory
    Stream<DynamicTest> everyHandlerResolvesInTheJarItDeploys() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (CfnTemplate template : CfnTemplate.all()) {
            template.resourcesOfType("AWS::Serverless::Function").forEach((id, function) ->
                    tests.add(DynamicTest.dynamicTest(template.name() + " " + id + " " + function.get("Handler"),
                            () -> check(template, id, function))));
        }
        assertThat(tests).as("SAM functions in the templates").isNotEmpty();
        assertThat(tests).extracting(DynamicTest::getDisplayName).as("both stacks' functions")
                .anyMatch(name -> name.startsWith("template.yaml ")).anyMatch(name -> name.startsWith("witness.yaml "));
        return tests.stream();
    }

    private void check(CfnTemplate template, String id, Map<String, Object> function) throws IOException {
        Object handler = template.functionProperty(function, "Handler");
        assertThat(handler).as(id + " Handler").isInstanceOf(String.class);
        List<Path> classPath = FunctionClassPath.of(template, id, function, scratch.resolve(id));
        Optional<String> problem = HandlerCheck.problem((String) handler, classPath);
        assertThat(problem).as(id + " (" + template.name() + ") handler " + handler).isEmpty();
        if (ENTRY_POINT.equals(handler)) {
            // The entry point loads the function's own handler at init: it must resolve on the same class path.
            Object original = CfnTemplate.map(CfnTemplate.map(function.getOrDefault("Environment", Map.of()))
                    .getOrDefault("Variables", Map.of())).get(HANDLER_VARIABLE);
            assertThat(original).as(id + " " + HANDLER_VARIABLE + " (the handler behind Writ's entry point)").isInstanceOf(String.class);
            assertThat(HandlerCheck.problem((String) original, classPath))
                    .as(id + " (" + template.name() + ") " + HANDLER_VARIABLE + " " + original).isEmpty();
        }
    }
}
