package dev.writ.cli.lineage;


import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.audit.CheckpointKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;

/**
 * What an export needs beside it to be verified offline: the checkpoint public key, as
 * {@code DIR/verifier-key} (the C2SP verifier key, which carries the key name; for
 * {@code --verifier-key}) and as {@code DIR/jwks.json} (for {@code --jwks}, with
 * {@code --key-name} when the name is not the default).
 */
public final class CheckpointKeyFiles {
    public static final String VERIFIER_KEY = "verifier-key";
    public static final String JWKS = "jwks.json";

    private CheckpointKeyFiles() {
    }

    /** Writes both files into {@code dir} (created if needed, files replaced). */
    public static void write(Path dir, CheckpointKey key) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(VERIFIER_KEY), key.verifierKey() + "\n", StandardCharsets.UTF_8);
        ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) key.publicKey())
                .keyID(HexFormat.of().toHexDigits(key.keyId())).build();
        Files.writeString(dir.resolve(JWKS), new JWKSet(jwk).toString(true), StandardCharsets.UTF_8);
    }
}
