package dev.writ.core.keys;

import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.SigningException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Makes local signing keys for development: a private JWK and the public JWKS that verifies it. */
public final class LocalKeys {

    /** File name of the private key inside a key directory. */
    public static final String PRIVATE_JWK = "private.jwk";
    /** File name of the public key set inside a key directory. */
    public static final String PUBLIC_JWKS = "jwks.json";

    private LocalKeys() {
    }

    /** Generates a new key for {@code algorithm} (P-256, or RSA 2048), with a kid derived from its thumbprint. */
    public static LocalKey generate(SigningAlgorithm algorithm) {
        try {
            JWK key = algorithm == SigningAlgorithm.ES256
                    ? new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
                            .algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate()
                    : new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
                            .algorithm(JWSAlgorithm.parse(algorithm.name())).keyIDFromThumbprint(true).generate();
            return new LocalKey(key);
        } catch (JOSEException e) {
            throw new SigningException("key generation failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@value #PRIVATE_JWK} (owner read/write only) and {@value #PUBLIC_JWKS} into {@code dir}.
     *
     * @return the generated key
     */
    public static LocalKey writeNew(Path dir, SigningAlgorithm algorithm) throws IOException {
        LocalKey key = generate(algorithm);
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(PRIVATE_JWK);
        Files.deleteIfExists(privateFile);
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(privateFile);
        }
        Files.writeString(privateFile, key.privateJwk());
        Files.writeString(dir.resolve(PUBLIC_JWKS), key.publicJwks());
        return key;
    }
}
