package dev.writ.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writ proof export --api} reads the API's body as strict UTF-8: bytes that are not UTF-8
 * are refused, never read as U+FFFD into a different text than the API sent.
 */
class ApiBodyEncodingTest {
    @TempDir
    Path dir;

    @Test
    void aBundleBodyThatIsNotUtf8IsRefusedMalformed() throws Exception {
        CliRun run = LoopbackApi.export(dir, 200, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
        assertThat(run.code()).as(run.err()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.err()).contains("writ: MALFORMED_BUNDLE: ").contains("answered a body that is not valid UTF-8")
                .doesNotContain("\ufffd");
        assertThat(dir.resolve("proof.json")).doesNotExist();
    }

    @Test
    void aRefusalBodyThatIsNotUtf8IsPassedOnAsItsStatusOnly() throws Exception {
        // An overlong '"' (0xc0 0xa2) a lenient decoder turns into U+FFFD U+FFFD, leaving the JSON readable.
        CliRun run = LoopbackApi.export(dir, 409, new byte[] {'{', '"', 'e', 'r', 'r', 'o', 'r', '"', ':', '"', 'X', (byte) 0xc0, (byte) 0xa2, '"', '}'});
        assertThat(run.code()).as(run.err()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.err()).startsWith("writ: HTTP_409: ").contains("answered 409").doesNotContain("\ufffd");
    }
}
