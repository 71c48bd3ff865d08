package dev.writ.core.crypto;

import java.io.File;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which provider signs and verifies under which setting: the choice itself with an accelerated
 * provider that loads or fails as a test needs, and the real ACCP in fresh JVMs (a JVM loads it
 * once) where it cannot load or is not on the class path. Nothing here depends on the host's
 * architecture.
 */
class CryptoProviderTest {

    private static final Provider FAST = new Provider("FastTestProvider", "1", "stands in for ACCP") {
    };
    /** The system property with which ACCP skips its bundled native library (and finds none). */
    private static final String ACCP_EXTERNAL_LIB = "-Dcom.amazon.corretto.crypto.provider.useExternalLib=true";

    /** What {@code run} printed on stderr. */
    private static String stderrOf(Runnable run) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(before);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The one WARN line in {@code stderr}, as JSON: exactly one line, a JSON object, level WARN. */
    private static String warnMessage(String stderr) {
        List<String> lines = stderr.lines().collect(Collectors.toList());
        assertThat(lines).as(stderr).hasSize(1);
        Map<String, Object> line = Json.parseObject(lines.get(0));
        assertThat(line).containsOnlyKeys("writ", "level", "message").containsEntry("writ", "crypto")
                .containsEntry("level", "WARN");
        return (String) line.get("message");
    }

    @Test
    void autoUsesTheAcceleratedProviderWhenItLoads() {
        String stderr = stderrOf(() -> assertThat(CryptoProvider.load("auto", () -> FAST)).containsSame(FAST));
        assertThat(stderr).isEmpty();
    }

    @Test
    void jdkNeverTriesTheAcceleratedProvider() {
        AtomicInteger tried = new AtomicInteger();
        String stderr = stderrOf(() -> assertThat(CryptoProvider.load("jdk", () -> {
            tried.incrementAndGet();
            return FAST;
        })).isEmpty());
        assertThat(tried).hasValue(0);
        assertThat(stderr).isEmpty();
    }

    @Test
    void autoFallsBackToTheJdkWithOneWarnLineWhenTheAcceleratedProviderCannotBeUsed() {
        for (RuntimeException reason : List.of(
                new CryptoProvider.Unusable("ACCP native library did not load (no libamazonCorrettoCryptoProvider)"),
                new CryptoProvider.Unusable("ACCP failed its self-tests (a \"quoted\" cause)"))) {
            String stderr = stderrOf(() -> assertThat(CryptoProvider.load("auto", () -> {
                throw reason;
            })).isEmpty());
            assertThat(warnMessage(stderr)).isEqualTo(reason.getMessage()
                    + "; using the JDK crypto providers");
        }
        String linkage = stderrOf(() -> assertThat(CryptoProvider.load("auto", () -> {
            throw new UnsatisfiedLinkError("wrong ELF class");
        })).isEmpty());
        assertThat(warnMessage(linkage)).isEqualTo("ACCP did not load (java.lang.UnsatisfiedLinkError: wrong ELF class);"
                + " using the JDK crypto providers");
    }

    @Test
    void autoKeepsQuietWhenTheAcceleratedProviderIsNotOnTheClassPath() {
        String stderr = stderrOf(() -> assertThat(CryptoProvider.load("auto", () -> {
            throw new NoClassDefFoundError("com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider");
        })).isEmpty());
        assertThat(stderr).isEmpty();
    }

    @Test
    void anUnknownModeIsAutoAndSaysSoOnce() {
        List<String> modes = new ArrayList<>();
        String stderr = stderrOf(() -> modes.add(CryptoProvider.mode("fastest")));
        assertThat(modes).containsExactly("auto");
        assertThat(warnMessage(stderr)).isEqualTo("WRIT_CRYPTO_PROVIDER 'fastest' is neither auto nor jdk; using auto");
        assertThat(stderrOf(() -> {
            modes.add(CryptoProvider.mode(" Auto "));
            modes.add(CryptoProvider.mode(" JDK "));
            modes.add(CryptoProvider.mode(null));
            modes.add(CryptoProvider.mode(""));
        })).isEmpty();
        assertThat(modes).containsExactly("auto", "auto", "jdk", "auto", "auto");
    }

    @Test
    void modeComesFromThePropertyBeforeTheEnvironment() {
        String before = System.getProperty(CryptoProvider.PROPERTY);
        try {
            System.setProperty(CryptoProvider.PROPERTY, " JDK ");
            assertThat(CryptoProvider.configuredMode()).isEqualTo("jdk");
            System.clearProperty(CryptoProvider.PROPERTY);
            assertThat(CryptoProvider.configuredMode()).isEqualTo(
                    System.getenv(CryptoProvider.ENV) == null ? "auto" : System.getenv(CryptoProvider.ENV).trim().toLowerCase(Locale.ROOT));
        } finally {
            if (before != null) {
                System.setProperty(CryptoProvider.PROPERTY, before);
            }
        }
    }

    // The real ACCP, in fresh JVMs.

    /** Runs {@link CryptoProviderProbe}; its stdout and stderr. */
    private static String[] probe(String classPath, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-cp", classPath, CryptoProviderProbe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(CryptoProvider.ENV);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out + err).isZero();
        return new String[] {out.strip(), err};
    }

    private static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    @Test
    void whereAccpCannotLoadTheJdkSignsAndVerifiesAfterOneWarnLine() throws Exception {
        String[] run = probe(testClassPath(), ACCP_EXTERNAL_LIB);
        assertThat(run[0]).isEqualTo("provider=jdk verified=true");
        assertThat(warnMessage(run[1])).startsWith("ACCP native library did not load (")
                .endsWith("; using the JDK crypto providers");
    }

    @Test
    void withJdkTheJdkSignsAndVerifiesAndAccpIsNotTried() throws Exception {
        String[] run = probe(testClassPath(), ACCP_EXTERNAL_LIB, "-D" + CryptoProvider.PROPERTY + "=jdk");
        assertThat(run[0]).isEqualTo("provider=jdk verified=true");
        assertThat(run[1]).as("no load, so no warning about it").isEmpty();
    }

    @Test
    void withoutAccpOnTheClassPathTheJdkSignsAndVerifiesWithoutAWord() throws Exception {
        String classPath = Arrays.stream(testClassPath().split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("AmazonCorrettoCryptoProvider"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(testClassPath());
        String[] run = probe(classPath);
        assertThat(run[0]).isEqualTo("provider=jdk verified=true");
        assertThat(run[1]).isEmpty();
    }

    @Test
    void keysAreTranslatedOntoTheProviderOrLeftAsTheyAre() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey jdkKey = (ECPublicKey) generator.generateKeyPair().getPublic();
        ECPublicKey foreign = new ForeignEcKey(jdkKey);

        ECPublicKey onSunEc = CryptoProvider.onProvider(foreign, ECPublicKey.class, Security.getProvider("SunEC"));
        assertThat(onSunEc).isNotSameAs(foreign).isNotInstanceOf(ForeignEcKey.class);
        assertThat(onSunEc.getW()).isEqualTo(jdkKey.getW());
        assertThat(CryptoProvider.onProvider(foreign, ECPublicKey.class, null)).isSameAs(foreign);
        // A provider that does not know the key type gives the key back unchanged.
        assertThat(CryptoProvider.onProvider(foreign, ECPublicKey.class, Security.getProvider("SunRsaSign"))).isSameAs(foreign);
    }

    /** An EC public key of no provider's own class, as a key from elsewhere would be. */
    private record ForeignEcKey(ECPublicKey key) implements ECPublicKey {
        @Override
        public ECPoint getW() {
            return key.getW();
        }

        @Override
        public ECParameterSpec getParams() {
            return key.getParams();
        }

        @Override
        public String getAlgorithm() {
            return "EC";
        }

        @Override
        public String getFormat() {
            return key.getFormat();
        }

        @Override
        public byte[] getEncoded() {
            return key.getEncoded();
        }
    }
}
