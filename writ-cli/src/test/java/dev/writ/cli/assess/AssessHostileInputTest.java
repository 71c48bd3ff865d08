package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.run;
import static dev.writ.cli.assess.AssessRun.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a template's author (or whoever can change a deployed function) writes, read by a platform team's terminal and CI. */
class AssessHostileInputTest {
    /** A name and a handler value that clear the line, set the terminal's title and forge a governed row. */
    private static final String TEMPLATE = """
            {"Resources": {"Evil\\u001b[2K\\rOrders": {"Type": "AWS::Lambda::Function", "Properties": {
              "Handler": "dev.writ.guard.entry.GuardedHandler", "Runtime": "java21",
              "Layers": ["arn:aws:lambda:eu-west-1:123456789012:layer:writ-guard-runtime:3"],
              "Environment": {"Variables": {"WRIT_GUARD_TRUSTED_ISSUERS": "writ-authorizer",
                "WRIT_GUARD_HANDLER": "x\\u001b]0;owned\\u0007\\nOrders  L4     layer+entry point  application"}}}}}}
            """;

    @TempDir
    Path dir;

    @Test
    void theTableEscapesControlCharactersSoNoValueDrivesTheTerminalOrForgesARow() throws Exception {
        Path t = Files.writeString(dir.resolve("hostile.json"), TEMPLATE);
        CliRun r = run(t);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("\u001b", "\u0007", "\r")
                .contains("Evil\\u001b[2K\\u000dOrders", "x\\u001b]0;owned\\u0007\\u000aOrders  L4");
        assertThat(r.out().lines()).noneMatch(line -> line.startsWith("Orders"));
    }

    @Test
    void jsonAndSarifCarryTheSameValuesEscapedAsJsonAndValidate() throws Exception {
        Path t = Files.writeString(dir.resolve("hostile.json"), TEMPLATE);
        String json = run(t, "--format", "json").out();
        assertThat(AssessOutputTest.ASSESS.validate(json, InputFormat.JSON)).as(json).isEmpty();
        assertThat(json).doesNotContain("\u001b");
        assertThat(AssessRun.function(Json.parseObject(json), "Evil\u001b[2K\rOrders")).as("the exact name, for scripts").isNotNull();
        String sarif = run(t, "--format", "sarif").out();
        assertThat(AssessOutputTest.SARIF.validate(sarif, InputFormat.JSON)).as(sarif).isEmpty();
        assertThat(sarif).doesNotContain("\u001b");
    }

    @Test
    void aGuardBypassFindingValidatesAsJsonAndSarif() throws Exception {
        Path t = variant(dir, "governed.yaml", "          WRIT_GUARD_HANDLER: com.example.orders.CreateOrder::handleRequest\n",
                "          WRIT_GUARD_HANDLER: com.example.orders.CreateOrder::handleRequest\n          AWS_LAMBDA_EXEC_WRAPPER: /var/task/w\n");
        String json = run(t, "--format", "json").out();
        assertThat(json).contains("\"guard-bypass\"");
        assertThat(AssessOutputTest.ASSESS.validate(json, InputFormat.JSON)).as(json).isEmpty();
        String sarif = run(t, "--format", "sarif").out();
        assertThat(sarif).contains("\"guard-bypass\"");
        assertThat(AssessOutputTest.SARIF.validate(sarif, InputFormat.JSON)).as(sarif).isEmpty();
    }
}
