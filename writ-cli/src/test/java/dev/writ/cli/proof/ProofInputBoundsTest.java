package dev.writ.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writ proof} handed inputs that never end: {@code /dev/zero} reports size 0 and an API
 * may stream without end, so each is read no further than its bound and refused with a reason,
 * no heap exhausted.
 */
class ProofInputBoundsTest {
    @TempDir
    Path dir;

    private CheckpointKey key;

    @BeforeEach
    void key() throws Exception {
        key = new CheckpointKey(CheckpointKey.DEFAULT_NAME, new ECKeyGenerator(Curve.P_256).generate().toECPublicKey());
    }

    @Test
    void anEndlessBundleFileIsMalformed() throws Exception {
        Path trust = dir.resolve("trust.json");
        Files.writeString(trust, new TrustPolicy("writ.example/lineage", key, List.of(), 0).toJson());
        CliRun run = CliRun.of("proof", "verify", "/dev/zero", "--trust", trust.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(ProofCommand.NOT_PROVEN);
        assertThat(run.out()).contains("\"reason\":\"MALFORMED_BUNDLE\"").contains("more than a bundle's");
    }

    @Test
    void anEndlessTrustFileIsAUsageError() {
        CliRun run = CliRun.of("proof", "verify", "/dev/zero", "--trust", "/dev/zero");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("trust file /dev/zero holds more than " + TrustPolicy.MAX_BYTES + " bytes");
    }

    @Test
    void anApiThatAnswersWithoutEndIsReadNoFurtherThanABundle() throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/api/", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length
            byte[] spaces = " ".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(spaces); // until the client stops reading
                }
            } catch (IOException clientGone) {
                exchange.close();
            }
        });
        api.start();
        try {
            Path verifierKey = dir.resolve("verifier-key");
            Files.writeString(verifierKey, key.verifierKey());
            CliRun run = CliRun.of("proof", "export", "e1", "--api", "http://127.0.0.1:" + api.getAddress().getPort() + "/api",
                    "--verifier-key", verifierKey.toString(), "--out", dir.resolve("proof.json").toString());
            assertThat(run.code()).as(run.err()).isEqualTo(ProofCommand.NOT_PROVEN);
            assertThat(run.err()).contains("MALFORMED_BUNDLE").contains("answered more than a bundle's " + ProofBundle.MAX_BYTES + " bytes");
            assertThat(dir.resolve("proof.json")).doesNotExist();
        } finally {
            api.stop(0);
        }
    }
}
