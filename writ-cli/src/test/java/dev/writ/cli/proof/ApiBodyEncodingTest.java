package dev.writ.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.writ.audit.CheckpointKey;
import dev.writ.cli.CliRun;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
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
        CliRun run = exportFrom(200, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
        assertThat(run.code()).as(run.err()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.err()).contains("writ: MALFORMED_BUNDLE: ").contains("answered a body that is not valid UTF-8")
                .doesNotContain("\ufffd");
        assertThat(dir.resolve("proof.json")).doesNotExist();
    }

    @Test
    void aRefusalBodyThatIsNotUtf8IsPassedOnAsItsStatusOnly() throws Exception {
        // An overlong '"' (0xc0 0xa2) a lenient decoder turns into U+FFFD U+FFFD, leaving the JSON readable.
        CliRun run = exportFrom(409, new byte[] {'{', '"', 'e', 'r', 'r', 'o', 'r', '"', ':', '"', 'X', (byte) 0xc0, (byte) 0xa2, '"', '}'});
        assertThat(run.code()).as(run.err()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.err()).startsWith("writ: HTTP_409: ").contains("answered 409").doesNotContain("\ufffd");
    }

    private CliRun exportFrom(int status, byte[] body) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/api/", exchange -> {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        api.start();
        try {
            Path verifierKey = dir.resolve("verifier-key");
            Files.writeString(verifierKey, new CheckpointKey(CheckpointKey.DEFAULT_NAME,
                    new ECKeyGenerator(Curve.P_256).generate().toECPublicKey()).verifierKey());
            return CliRun.of("proof", "export", "e1", "--api", "http://127.0.0.1:" + api.getAddress().getPort() + "/api",
                    "--verifier-key", verifierKey.toString(), "--out", dir.resolve("proof.json").toString());
        } finally {
            api.stop(0);
        }
    }
}
