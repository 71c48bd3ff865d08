package dev.writ.lambdaruntime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build put what is deployed: the function jars (the templates' {@code CodeUri}), the
 * guard-runtime layer zip, and this module's copy of the runtime interface client. Paths from the
 * repository root, system property {@code writ.root} (set by Failsafe and bench/run).
 */
final class Packaging {
    private static List<String> layerJars;
    private static Path runtimeClientJni;

    private Packaging() {
    }

    static Path root() {
        String root = System.getProperty("writ.root");
        if (root == null) {
            fail("system property writ.root (the repository root) is not set: run through Maven (scripts/test) or bench/run");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    private static Path built(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail(p + " is missing: build it first (scripts/test -pl lambda-runtime-tests -am, or mvn -B -DskipTests package)");
        }
        return p;
    }

    static Path authorizerJar() {
        return built("authorizer-fn/target/authorizer-fn.jar");
    }

    static Path lineageJar() {
        return built("lineage-fn/target/lineage-fn-lambda.jar");
    }

    static Path guardedPaymentsJar() {
        return built("examples/guarded-payments/target/guarded-payments.jar");
    }

    static Path mcpPaymentsJar() {
        return built("examples/mcp-payments/target/mcp-payments.jar");
    }

    static Path zeroCodePaymentsJar() {
        return built("examples/zero-code-payments/target/zero-code-payments.jar");
    }

    /** This module's jar: only the unguarded baseline function. */
    static Path baselineJar() {
        return built("lambda-runtime-tests/target/lambda-runtime-baseline.jar");
    }

    /** The SDK's Lambda module, which the hop caller ships in its own jar (copied to target/hop-caller/ by the pom). */
    static Path lambdaSdkJar() {
        List<String> jars = jarsIn(root().resolve("lambda-runtime-tests/target/hop-caller"));
        if (jars.size() != 1) {
            fail("expected the SDK's lambda jar alone in lambda-runtime-tests/target/hop-caller, found " + jars
                    + ": it is copied at package (mvn -pl lambda-runtime-tests -am package)");
        }
        return Path.of(jars.get(0));
    }

    static Path workDir() {
        return root().resolve("lambda-runtime-tests/target/lambda-functions");
    }

    /** The runtime interface client, aws-lambda-java-core and -serialization (copied by the pom). */
    static List<String> runtimeClientJars() {
        Path dir = root().resolve("lambda-runtime-tests/target/lambda-runtime");
        List<String> jars = jarsIn(dir);
        if (jars.stream().noneMatch(j -> j.contains("aws-lambda-java-runtime-interface-client"))) {
            fail("no runtime interface client in " + dir + ": it is copied at package (mvn -pl lambda-runtime-tests -am package)");
        }
        return jars;
    }

    /**
     * The runtime interface client's JNI library for this machine, unpacked once into the work
     * folder. Left to itself, every function JVM unpacks it to the fixed path
     * {@code /tmp/.libaws-lambda-jni.so}, and JVMs starting at the same moment (or another user's
     * run) overwrite it under each other, so a function fails to start now and then.
     */
    static synchronized Path runtimeClientJni() {
        if (runtimeClientJni == null) {
            String arch = System.getProperty("os.arch");
            String lib = "jni/libaws-lambda-jni.linux-" + (arch.equals("aarch64") ? "aarch_64" : "x86_64") + ".so";
            String jar = runtimeClientJars().stream().filter(j -> j.contains("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow();
            Path target = workDir().resolve("runtime-client").resolve(Path.of(lib).getFileName().toString());
            try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(Path.of(jar))) {
                Files.createDirectories(target.getParent());
                Files.copy(zip.getPath(lib), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack " + lib + " from " + jar, e);
            }
            runtimeClientJni = target;
        }
        return runtimeClientJni;
    }

    /** The layer's {@code java/lib} jars, unzipped once from sam-templates' layer zip (Lambda's /opt/java/lib). */
    static synchronized List<String> layerJars() {
        if (layerJars == null) {
            Path opt = workDir().resolve("layer-opt");
            try {
                PackagedFunction.deleteTree(opt);
                PackagedFunction.unzip(built("sam-templates/target/guard-runtime-layer.zip"), opt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            layerJars = jarsIn(opt.resolve("java/lib"));
            if (layerJars.isEmpty()) {
                fail("the guard-runtime layer zip has no java/lib/*.jar");
            }
        }
        return layerJars;
    }

    private static List<String> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
