package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded Lambda jar carries a loadable ACCP: its native library survives shading, so writs are
 * signed on the accelerated provider in Lambda and not silently on the slow path. Of cedar-java's
 * native libraries it carries only the one for the architecture it was built for (this machine's,
 * as the tests run it).
 */
class PackagedCryptoIT {

    @Test
    void shadedJarLoadsTheAcceleratedProvider() throws Exception {
        Path jar = Path.of("target", "authorizer-fn.jar");
        assertThat(jar).as("run after package").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(java.toString(), "-cp",
                jar + File.pathSeparator + Path.of("target", "test-classes"),
                PackagedCryptoProbe.class.getName()).redirectErrorStream(true).start();
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains("provider=AmazonCorrettoCryptoProvider signatureBytes=64");
        assertThat(output).doesNotContain("WARN");
    }

    @Test
    void shadedJarCarriesCedarsNativeLibraryForItsArchitectureOnly() throws Exception {
        Path jar = Path.of("target", "authorizer-fn.jar");
        assertThat(jar).as("run after package").exists();
        List<String> natives;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            natives = zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("jne/") && !n.endsWith("/")).toList();
        }
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");

        assertThat(natives).containsExactly("jne/linux/" + arch + "/libcedar_java_ffi.so");
    }
}
