package dev.writ.samtemplates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler check can fail: run against the example's real jar and the real layer, it accepts the
 * right names and names what is wrong with the others. After package (the jar and zip must exist).
 */
class HandlerCheckIT {
    private static final String REST = "dev.writ.examples.payments.CreatePayment";

    @TempDir
    Path scratch;

    private CfnTemplate template;
    private Map<String, Object> paymentsFunction;

    @BeforeEach
    void loadTemplate() throws IOException {
        template = CfnTemplate.load(CfnTemplate.directory().resolve("template.yaml"));
        paymentsFunction = template.resourcesOfType("AWS::Serverless::Function").get("PaymentsRestFunction");
    }

    private List<Path> withLayer() throws IOException {
        return FunctionClassPath.of(template, "PaymentsRestFunction", paymentsFunction, scratch);
    }

    private List<Path> withoutLayer() throws IOException {
        Map<String, Object> noLayers = new LinkedHashMap<>(paymentsFunction);
        noLayers.remove("Layers");
        return FunctionClassPath.of(template, "PaymentsRestFunction", noLayers, scratch);
    }

    @Test
    void acceptsTheExampleHandlerWithItsLayer() throws IOException {
        assertThat(HandlerCheck.problem(REST, withLayer())).isEmpty();
        assertThat(HandlerCheck.problem(REST + "::handleRequest", withLayer())).isEmpty();
    }

    @Test
    void refusesAClassThatIsNotInTheJar() throws IOException {
        assertThat(HandlerCheck.problem("dev.writ.examples.payments.RefundPayment", withLayer()))
                .hasValueSatisfying(p -> assertThat(p).contains("is not in"));
    }

    @Test
    void refusesAMethodTheClassDoesNotHave() throws IOException {
        assertThat(HandlerCheck.problem(REST + "::handle", withLayer()))
                .hasValueSatisfying(p -> assertThat(p).contains("has no public method handle"));
    }

    @Test
    void refusesAClassThatIsNotAPublicHandler() throws IOException {
        assertThat(HandlerCheck.problem("dev.writ.examples.payments.Payments", withLayer()))
                .hasValueSatisfying(p -> assertThat(p).contains("not a public concrete class"));
    }

    @Test
    void refusesTheHandlerWhenTheLayerIsMissing() throws IOException {
        // guard-runtime (and aws-lambda-java-core) come only from the layer: without it the class
        // does not link, exactly as it would fail in Lambda.
        assertThat(HandlerCheck.problem(REST, withoutLayer())).isPresent();
    }

    @Test
    void namesTheModuleToBuildWhenAJarIsMissing() {
        Map<String, Object> missing = new LinkedHashMap<>(paymentsFunction);
        missing.put("CodeUri", "../no-such-module/target/no-such-module.jar");

        assertThatThrownBy(() -> FunctionClassPath.of(template, "Ghost", missing, scratch))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Ghost (template.yaml): CodeUri ../no-such-module/target/no-such-module.jar")
                .hasMessageContaining("does not exist");
    }
    @Test
    void checksTheWitnessTemplatesHandlerInTheLineageJar() throws IOException {
        CfnTemplate witness = CfnTemplate.load(CfnTemplate.directory().resolve("witness.yaml"));
        Map<String, Object> function = witness.resourcesOfType("AWS::Serverless::Function").get("WitnessFunction");
        assertThat(function).as("WitnessFunction in witness.yaml").isNotNull();
        List<Path> classPath = FunctionClassPath.of(witness, "WitnessFunction", function, scratch);
        assertThat(HandlerCheck.problem((String) witness.functionProperty(function, "Handler"), classPath)).isEmpty();
        assertThat(HandlerCheck.problem("dev.writ.lineagefn.witness.Witness", classPath))
                .hasValueSatisfying(p -> assertThat(p).contains("is not in"));
    }
}
