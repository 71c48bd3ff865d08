package dev.writ.core.crypto;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.JwsVerification;
import dev.writ.core.jose.JwsVerifier;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.LocalKey;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import java.security.Provider;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Run in a fresh JVM by {@link CryptoProviderTest} (a JVM loads ACCP once): waits for the
 * background load, then signs and verifies a token, and prints which provider did it.
 */
public final class CryptoProviderProbe {

    private CryptoProviderProbe() {
    }

    public static void main(String[] args) {
        CryptoProvider.awaitAccelerated(Duration.ofSeconds(60));
        Provider provider = CryptoProvider.current();
        LocalKey key = LocalKeys.generate(SigningAlgorithm.ES256);
        String token = CompactJws.sign(Map.of("typ", "probe+jwt"), Map.of("sub", "probe"),
                LocalSigner.fromJwk(key.privateJwk()));
        JwsVerification verification = JwsVerifier.of("probe+jwt", Set.of(), JwksKeyResolver.fromJwks(key.publicJwks()))
                .verify(token);
        System.out.println("provider=" + (provider == null ? "jdk" : provider.getName())
                + " verified=" + verification.isVerified());
    }
}
