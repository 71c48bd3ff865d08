package dev.writ.authorizer;

import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Run by {@link PackagedCryptoIT} in a JVM whose class path is the shaded jar (and this class). */
public final class PackagedCryptoProbe {

    private PackagedCryptoProbe() {
    }

    public static void main(String[] args) {
        boolean accelerated = CryptoProvider.awaitAccelerated(Duration.ofSeconds(60));
        byte[] signature = LocalSigner.fromJwk(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk())
                .sign("probe".getBytes(StandardCharsets.US_ASCII));
        System.out.println("provider=" + (accelerated ? CryptoProvider.current().getName() : "JDK")
                + " signatureBytes=" + signature.length);
    }
}
