package dev.writ.guard.crypto;

import dev.writ.guard.Fixtures;
import dev.writ.guard.verify.Verification;
import dev.writ.guard.verify.WritVerifier;
import java.security.Provider;
import java.time.Duration;

/**
 * Run in a fresh JVM by {@link CryptoProviderTest} (a JVM loads ACCP once): waits for the
 * background load, then signs and verifies a writ, and prints which provider did it.
 */
public final class CryptoProviderProbe {

    private CryptoProviderProbe() {
    }

    public static void main(String[] args) {
        CryptoProvider.awaitAccelerated(Duration.ofSeconds(60));
        Provider provider = CryptoProvider.current();
        Verification verification = new WritVerifier(Fixtures.verifierConfig().build())
                .verify(Fixtures.validToken(), Fixtures.FUNCTION, Fixtures.REQUEST);
        System.out.println("provider=" + (provider == null ? "jdk" : provider.getName())
                + " verified=" + verification.isAllowed());
    }
}
