package dev.writ.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.CheckpointKey;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code writ proof} prints that came from outside (an auditor API's refusal, a trust file's
 * members, a bundle's text in the verdict) is escaped: no terminal escape sequence reaches the terminal, and no newline lets the
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

    @Test
    void aBundlesTextInTheVerdictIsPrintedEscapedAndTheVerdictIsTheSameJson() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        Path trust = dir.resolve("trust.json");
        Files.writeString(trust, new TrustPolicy("writ.example/lineage", new CheckpointKey("writ-lineage-checkpoint",
                ec.generateKeyPair().getPublic()), List.of(), 0).toJson());
        // A C1 CSI (what an 8-bit terminal reads as ESC [), a right-to-left override, a tag character
        // beyond U+FFFF: JSON writers escape none of them.
        String member = "x\u009b2J\u202e" + new String(Character.toChars(0xE0041));
        Path bundle = dir.resolve("proof.json");
        Files.writeString(bundle, Json.write(java.util.Map.of(member, 1)));
        CliRun run = CliRun.of("proof", "verify", bundle.toString(), "--trust", trust.toString());
        assertThat(run.code()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.out()).doesNotContain("\u009b").doesNotContain("\u202e").doesNotContain(new String(Character.toChars(0xE0041)))
                .contains("x\\u009b2J\\u202e\\udb40\\udc41");
        assertThat(Json.parseObject(run.out()).get("detail").toString()).as("the escapes are JSON's: the same verdict")
                .contains(member).startsWith("the bundle must have the members");
    }
}
