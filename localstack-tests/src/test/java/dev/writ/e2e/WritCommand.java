package dev.writ.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code writ} command as users run it: {@code java -jar writ-cli/target/writ.jar ...} in its
 * own process, inheriting this environment (region, credentials), its AWS calls sent where the
 * tests' go ({@link Endpoints.Target#applyTo}).
 */
final class WritCommand {
    private WritCommand() {
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        Path jar = StackTemplate.root().resolve("writ-cli").resolve("target").resolve("writ.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar.toAbsolutePath().normalize() + " is missing: build writ-cli first (scripts/test -pl localstack-tests -am"
                    + " packages it before the end-to-end tests run)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("writ-out", ".txt");
            Path err = Files.createTempFile("writ-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Endpoints.require().applyTo(builder.environment());
            Process p = builder.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("writ " + String.join(" ", args) + " did not finish within 120 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                    Files.readString(err, StandardCharsets.UTF_8).strip());
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
