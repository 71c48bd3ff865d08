package dev.writ.cli.assess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SamTemplateAssessTest's gate run as a pipeline runs it: {@code java -jar writ.jar assess ...
 * --format sarif} from the repository root (so the SARIF names sam-templates/template.yaml as code
 * scanning expects), the SARIF left in target/assess/ as a pipeline would upload it. Also shows that
 * the shaded jar carries SnakeYAML and what assess needs.
 */
class PackagedGateIT {

    @Test
    void theGateFromTheShadedJarWritesSarifForTheTemplate() throws IOException, InterruptedException {
        Path jar = Path.of("target", "writ.jar").toAbsolutePath();
        assertThat(jar).as("mvn package builds writ-cli/target/writ.jar").exists();
        Path err = Files.createTempFile("gate", ".err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "assess", "sam-templates/template.yaml", "--require-level", String.valueOf(SamTemplateAssessTest.REQUIRED_LEVEL),
                "--exclude", "AuditorFunction", "--format", "sarif")
                .directory(Path.of("..").toFile()).redirectError(err.toFile()).start();
        String sarif = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.createDirectories(Path.of("target", "assess"));
        Files.writeString(Path.of("target", "assess", "sam-templates.sarif"), sarif);
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        assertThat(sarif).contains("\"uri\" : \"sam-templates/template.yaml\"")
                .contains("stack reaches L" + SamTemplateAssessTest.REQUIRED_LEVEL + " (continuously verified), required L4");
    }
}
