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
 * {@code <template> <LogicalId> <Handler>}. Runs in {@code integration-test}, after the reactor
 * packaged the jars; a jar that was not built fails its function's test with the module to build.
 */
class TemplateHandlersIT {

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
        return tests.stream();
    }

    private void check(CfnTemplate template, String id, Map<String, Object> function) throws IOException {
        Object handler = template.functionProperty(function, "Handler");
        assertThat(handler).as(id + " Handler").isInstanceOf(String.class);
        List<Path> classPath = FunctionClassPath.of(template, id, function, scratch.resolve(id));
        Optional<String> problem = HandlerCheck.problem((String) handler, classPath);
        assertThat(problem).as(id + " (" + template.name() + ") handler " + handler).isEmpty();
    }
}
