package dev.writ.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code writ proof} prints that came from outside (an auditor API's refusal, a trust file's
 * members) is escaped: no terminal escape sequence reaches the terminal, and no newline lets the
 * input write a line that reads as the CLI's own.
 */
class HostileTextTest {
    private static final String ESC = "\u001b";
    private static final String FORGED = "writ: 3 records of e1 proven against checkpoint 9 of writ.example/lineage, written to proof.json";

    @TempDir
    Path dir;

    @Test
    void anApiRefusalIsPrintedEscapedOnOneLine() throws Exception {
        byte[] answer = ("{\"error\":\"NOT_YET_CHECKPOINTED\\u001b[2J\",\"message\":\"wait\\u001b]0;owned\\u0007\\n" + FORGED + "\\u202e\"}")
                .getBytes(StandardCharsets.UTF_8);
        CliRun run = LoopbackApi.export(dir, 409, answer);
        assertThat(run.code()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.err()).doesNotContain(ESC).doesNotContain("\u0007").doesNotContain("\u202e")
                .contains("writ: NOT_YET_CHECKPOINTED\\u001b[2J: wait\\u001b]0;owned\\u0007\\u000a" + FORGED + "\\u202e");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void aTrustFilesMemberNamesArePrintedEscaped() throws Exception {
        Path trust = dir.resolve("trust.json");
        Files.writeString(trust, "{\"x\\u001b[31m\\n" + FORGED + "\":1}");
        CliRun run = CliRun.of("proof", "verify", dir.resolve("proof.json").toString(), "--trust", trust.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).doesNotContain(ESC).contains("x\\u001b[31m\\u000a" + FORGED)
                .doesNotContain("\n" + FORGED);
    }
}
