package dev.writ.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where Cedar's native library does not load (a Lambda jar built for the other architecture), the
 * authorizer still starts and denies every request naming the cause: an exception out of its
 * initialisation would make API Gateway answer 500. A fresh JVM per case, since a JVM loads the
 * library once; cedar-java loads it from {@code CEDAR_JAVA_FFI_LIB} when that is set.
 */
class CedarUnavailableTest {

    private static String probe(Path dir, String ffiLibrary) throws Exception {
        Path bundle = TestWorld.bundleFile();
        Path trusted = Files.writeString(dir.resolve("trusted.json"), TestWorld.bundleTrustJwks());
        Path key = Files.writeString(dir.resolve("writ.jwk"), TestWorld.WRIT_KEY.toJSONString());
        Path event = Files.writeString(dir.resolve("event.json"), TestWorld.eventJson("http-request", "not.a.token", e -> { }));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CedarUnavailableProbe.class.getName(),
                bundle.toAbsolutePath().toString(), trusted.toString(), key.toString(), event.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (ffiLibrary != null) {
            builder.environment().put("CEDAR_JAVA_FFI_LIB", ffiLibrary);
        }
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void withoutItsNativeLibraryTheAuthorizerDeniesEveryRequestNamingTheCause(@TempDir Path dir) throws Exception {
        String output = probe(dir, dir.resolve("missing/libcedar_java_ffi.so").toString());

        assertThat(output).contains("outcome: DENY BUNDLE_INVALID ENGINE_UNAVAILABLE: Cedar's native library does not load on");
        assertThat(output).contains("\"reason\":\"BUNDLE_INVALID\"");
    }

    @Test
    void withItTheSameSetUpLoadsTheBundleAndJudgesTheToken(@TempDir Path dir) throws Exception {
        String output = probe(dir, null);

        assertThat(output).contains("outcome: UNAUTHORIZED BAD_TOKEN");
    }
}
