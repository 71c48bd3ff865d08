package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.run;
import static dev.writ.cli.assess.AssessRun.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three formats: JSON against docs/schemas/assess.schema.json, SARIF against the official 2.1.0 schema, the table. */
class AssessOutputTest {
    static final Schema ASSESS = schema(Path.of("..", "docs", "schemas", "assess.schema.json"), SpecificationVersion.DRAFT_2020_12);
    static final Schema SARIF = schema(Path.of("src", "test", "resources", "sarif", "sarif-schema-2.1.0.json"), SpecificationVersion.DRAFT_4);

    private static Schema schema(Path file, SpecificationVersion version) {
        try (InputStream in = Files.newInputStream(file)) {
            return SchemaRegistry.withDefaultDialect(version).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CliRun ok(Object... args) {
        CliRun r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"governed.yaml", "governed.transformed.json", "ungoverned.yaml", "ungoverned.transformed.json"})
    void jsonMatchesItsSchema(String name) {
        String out = ok(template(name), "--format", "json").out();
        assertThat(ASSESS.validate(out, InputFormat.JSON)).as(out).isEmpty();
    }

    @Test
    void theSchemaCanFail() {
        String out = ok(template("governed.yaml"), "--format", "json").out().replace("\"layer+entry-point\"", "\"layer\"");
        assertThat(ASSESS.validate(out, InputFormat.JSON)).isNotEmpty();
        assertThat(SARIF.validate("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}", InputFormat.JSON)).as("a run without a tool").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"governed.yaml", "ungoverned.yaml", "ungoverned.transformed.json"})
    void sarifMatchesTheSarif210Schema(String name) {
        CliRun r = run(template(name), "--format", "sarif", "--require-level", "2");
        assertThat(r.code()).as(r.err()).isIn(0, AssessCommand.BELOW_REQUIRED_LEVEL);
        String out = r.out();
        assertThat(SARIF.validate(out, InputFormat.JSON)).as(out).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void sarifPointsCodeScanningAtTheTemplateLines() {
        Map<String, Object> sarif = Json.parseObject(ok(template("ungoverned.yaml"), "--format", "sarif").out());
        assertThat(sarif).containsEntry("version", "2.1.0");
        Map<String, Object> run = ((List<Map<String, Object>>) sarif.get("runs")).get(0);
        List<Map<String, Object>> results = (List<Map<String, Object>>) run.get("results");
        List<String> ungoverned = results.stream().filter(r -> r.get("ruleId").equals("ungoverned-path")).map(r -> {
            assertThat(r).containsEntry("level", "error");
            Map<String, Object> physical = (Map<String, Object>) ((List<Map<String, Object>>) r.get("locations")).get(0).get("physicalLocation");
            Map<String, Object> artifact = (Map<String, Object>) physical.get("artifactLocation");
            assertThat(artifact).containsEntry("uri", "src/test/resources/assess/ungoverned.yaml").containsEntry("uriBaseId", "%SRCROOT%");
            return ((Map<String, Object>) physical.get("region")).get("startLine").toString();
        }).toList();
        assertThat(ungoverned).containsExactlyInAnyOrder("17", "29", "40");
        Map<String, Object> driver = (Map<String, Object>) ((Map<String, Object>) run.get("tool")).get("driver");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) driver.get("rules");
        results.forEach(r -> assertThat(rules.get(((Number) r.get("ruleIndex")).intValue())).containsEntry("id", r.get("ruleId")));
    }

    @Test
    void requireLevelExitsFourBelowItAndZeroAtIt() {
        CliRun below = run(template("governed.yaml"), "--require-level", "5");
        assertThat(below.code()).isEqualTo(AssessCommand.BELOW_REQUIRED_LEVEL).isEqualTo(4);
        assertThat(below.out()).contains("stack: L4 continuously verified  BELOW the required L5");
        assertThat(run(template("governed.yaml"), "--require-level", "4").code()).isZero();
        assertThat(run(template("ungoverned.yaml"), "--require-level", "1", "--format", "json").code()).isEqualTo(4);
        CliRun sarif = run(template("ungoverned.yaml"), "--require-level", "1", "--format", "sarif");
        assertThat(sarif.code()).isEqualTo(4);
        assertThat(sarif.out()).contains("stack reaches L0 (ungoverned), below the required L1");
    }

    @Test
    void theTableNamesEachFunctionItsGuardItsLevelAndItsPaths() {
        String out = ok(template("governed.yaml")).out();
        assertThat(out).contains("stack: L4 continuously verified")
                .containsPattern("Orders +L4 +layer\\+entry point +application +event Create: REST API OrdersApi POST /orders,"
                        + " Writ's authorizer WritAuthorizer \\[governed]")
                .containsPattern("Authorizer +- +none +authorizer")
                .contains("WritAuthorizer on OrdersApi -> Authorizer (Writ's), does not cache (ReauthorizeEvery: 0)")
                .contains("SigningKey: ECC_NIST_P256 SIGN_VERIFY (can sign writs and checkpoints)")
                .contains("L5 evidence-grade lineage: not reached");
    }
}
