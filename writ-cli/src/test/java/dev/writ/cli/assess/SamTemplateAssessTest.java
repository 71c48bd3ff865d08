package dev.writ.cli.assess;

import static dev.writ.cli.assess.AssessRun.function;
import static dev.writ.cli.assess.AssessRun.json;
import static dev.writ.cli.assess.AssessRun.level;
import static dev.writ.cli.assess.AssessRun.list;
import static dev.writ.cli.assess.AssessRun.run;
import static dev.writ.cli.assess.AssessRun.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writ's own CI gate (issue 18, item 4): sam-templates/template.yaml must reach the level it really
 * reaches, L4: every application function guarded behind Writ's authorizer (caching off; the
 * examples in code, the zero-code sample by layer and entry point), lineage
 * protected, verified by the stream verifier and checkpointed with the KMS signing key. L5 needs
 * evidence-grade lineage, which Writ does not produce yet. The auditor API is excluded on purpose:
 * auditors are AWS principals (IAM auth), not writ holders. In-process, so it runs in every build
 * right after compile, with no jar and no emulator; PackagedGateIT runs the same gate from writ.jar.
 */
class SamTemplateAssessTest {
    static final Path TEMPLATE = Path.of("..", "sam-templates", "template.yaml");
    static final int REQUIRED_LEVEL = 4;

    @Test
    void theStackReachesTheRequiredLevel() {
        CliRun gate = run(TEMPLATE, "--require-level", REQUIRED_LEVEL, "--exclude", "AuditorFunction");
        assertThat(gate.code()).as(gate.out()).isZero();
        Map<String, Object> r = json(TEMPLATE, "--exclude", "AuditorFunction");
        assertThat(level(stack(r))).as("raise REQUIRED_LEVEL when the stack reaches more").isEqualTo(REQUIRED_LEVEL);
        for (String fn : new String[] {"PaymentsRestFunction", "PaymentsHttpFunction"}) {
            assertThat(level(function(r, fn))).as(fn).isEqualTo(REQUIRED_LEVEL);
            assertThat(((Map<?, ?>) function(r, fn).get("governance")).get("mode")).isEqualTo("code-wrapper");
        }
        // The zero-code sample: an unmodified handler guarded by the template alone reaches the same level.
        assertThat(level(function(r, "PaymentsReadFunction"))).isEqualTo(REQUIRED_LEVEL);
        assertThat(((Map<?, ?>) function(r, "PaymentsReadFunction").get("governance")).get("mode")).isEqualTo("layer+entry-point");
        assertThat(function(r, "AuditorFunction")).containsEntry("excluded", true).containsEntry("level", 0);
    }

    /** Its callers may invoke the exchange through its function URL only: a direct invoker would write the caller. */
    @Test
    void theExchangesCallersCannotInvokeItDirectly(@TempDir Path dir) throws IOException {
        assertThat(list(json(TEMPLATE, "--exclude", "AuditorFunction"), "findings"))
                .noneSatisfy(f -> assertThat(f).containsEntry("ruleId", "exchange-direct-invoke"));
        String urlOnly = """
                            Resource: !Ref ExchangeFunction.Alias
                            Condition:
                              Bool:
                                lambda:InvokedViaFunctionUrl: 'true'
                """;
        String text = Files.readString(TEMPLATE);
        assertThat(text).contains(urlOnly);
        Path direct = dir.resolve("template.yaml");
        Files.writeString(direct, text.replace(urlOnly, "            Resource: !Ref ExchangeFunction.Alias\n"));
        assertThat(list(json(direct, "--exclude", "AuditorFunction"), "findings")).anySatisfy(f ->
                assertThat(f).containsEntry("ruleId", "exchange-direct-invoke").containsEntry("logicalId", "PaymentsExchangePolicy"));
    }

    @Test
    void theGateFailsAboveWhatTheStackReachesAndWithoutTheExclusion() {
        assertThat(run(TEMPLATE, "--require-level", REQUIRED_LEVEL + 1, "--exclude", "AuditorFunction").code())
                .isEqualTo(AssessCommand.BELOW_REQUIRED_LEVEL);
        CliRun all = run(TEMPLATE, "--require-level", REQUIRED_LEVEL);
        assertThat(all.code()).isEqualTo(AssessCommand.BELOW_REQUIRED_LEVEL);
        assertThat(all.out()).contains("below L1: AuditorFunction (L0)");
    }
}
