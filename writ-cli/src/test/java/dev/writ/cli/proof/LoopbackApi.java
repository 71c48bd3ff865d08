package dev.writ.cli.proof;

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

/** An auditor API on loopback that answers every request with one status and body, for {@code writ proof export --api}. */
final class LoopbackApi {
    private LoopbackApi() {
    }

    /** Runs {@code writ proof export e1 --api} against an API answering {@code status} and {@code body}, writing into {@code dir}. */
    static CliRun export(Path dir, int status, byte[] body) throws Exception {
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
