package dev.writ.guard.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CryptoProviderTest {

    @Test
    void acceleratedProviderLoadsInTheBackgroundWhenPresent() {
        // ACCP is on the test class path (optional dependency), and this machine is linux-x86_64.
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).isTrue();
        assertThat(CryptoProvider.current()).isNotNull();
        assertThat(CryptoProvider.current().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void jdkModeNeverLoadsTheAcceleratedProvider() {
        assertThat(CryptoProvider.load("jdk")).isEmpty();
        assertThat(CryptoProvider.load("auto")).isPresent();
    }

    @Test
    void keysAreTranslatedOntoTheProviderOrLeftAsTheyAre() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).isTrue();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey jdkKey = (ECPublicKey) generator.generateKeyPair().getPublic();

        ECPublicKey onAccp = CryptoProvider.onProvider(jdkKey, ECPublicKey.class, CryptoProvider.current());
        assertThat(onAccp.getClass().getName()).startsWith("com.amazon.corretto");
        assertThat(onAccp.getW()).isEqualTo(jdkKey.getW());
        assertThat(CryptoProvider.onProvider(jdkKey, ECPublicKey.class, null)).isSameAs(jdkKey);
        // A provider that does not know the key type gives the key back unchanged.
        assertThat(CryptoProvider.onProvider(jdkKey, ECPublicKey.class, Security.getProvider("SunRsaSign"))).isSameAs(jdkKey);
    }

    @Test
    void anUnknownModeIsAutoAndSaysSo() {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(CryptoProvider.mode("fastest")).isEqualTo("auto");
            assertThat(CryptoProvider.mode(" Auto ")).isEqualTo("auto");
            assertThat(CryptoProvider.mode(null)).isEqualTo("auto");
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WRIT_CRYPTO_PROVIDER 'fastest' is neither auto nor jdk")
                .doesNotContain("Auto");
    }

    @Test
    void modeComesFromThePropertyBeforeTheEnvironment() {
        String before = System.getProperty(CryptoProvider.PROPERTY);
        try {
            System.setProperty(CryptoProvider.PROPERTY, " JDK ");
            assertThat(CryptoProvider.configuredMode()).isEqualTo("jdk");
            System.clearProperty(CryptoProvider.PROPERTY);
            assertThat(CryptoProvider.configuredMode()).isEqualTo(
                    System.getenv(CryptoProvider.ENV) == null ? "auto" : System.getenv(CryptoProvider.ENV).trim().toLowerCase());
        } finally {
            if (before != null) {
                System.setProperty(CryptoProvider.PROPERTY, before);
            }
        }
    }
}
