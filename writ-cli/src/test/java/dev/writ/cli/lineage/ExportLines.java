package dev.writ.cli.lineage;

import dev.writ.core.json.CanonicalJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Export lines read and sealed as docs/lineage.md specifies them, without guard-runtime's record code:
 * what an attacker with the file (or an independent verifier) would write.
 */
final class ExportLines {
    private static final JsonProvider JSON = JsonProvider.provider();

    private ExportLines() {
    }

    static JsonObject parse(String line) {
        try (var reader = JSON.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    static String chain(String line) {
        return parse(line).getString("chain");
    }

    static long seq(String line) {
        return parse(line).getJsonNumber("seq").longValueExact();
    }

    static long ts(String line) {
        return parse(line).getJsonNumber("ts").longValueExact();
    }

    /** An outcome record of {@code chain} at {@code seq} after the record whose hash is {@code prev}. */
    static String outcome(String chain, long seq, String prev, long ts, String execId) {
        JsonObject content = JSON.createObjectBuilder().add("chain", chain).add("seq", seq).add("type", "outcome")
                .add("ts", ts).add("function", chain.substring(0, chain.indexOf('#'))).add("execId", execId).build();
        return seal(content, prev);
    }

    /** The next outcome record after {@code last} on its chain. */
    static String after(String last, long ts, String execId) {
        JsonObject l = parse(last);
        return outcome(l.getString("chain"), seq(last) + 1, l.getString("hash"), ts, execId);
    }

    /** leaf = SHA-256(0x00 || JCS(content)), hash = SHA-256(0x01 || prev || leaf); the line is JCS of all fields. */
    static String seal(JsonObject content, String prev) {
        byte[] leaf = sha256(new byte[] {0x00}, CanonicalJson.text(content).getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().formatHex(sha256(new byte[] {0x01}, HexFormat.of().parseHex(prev), leaf));
        JsonObjectBuilder full = JSON.createObjectBuilder(content).add("prev", prev).add("hash", hash);
        return CanonicalJson.text(full.build());
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
