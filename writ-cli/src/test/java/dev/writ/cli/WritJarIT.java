package dev.writ.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code writ.jar}, run with {@code java -jar} as the README tells users to (keys, mint, verify; the demo on its embedded stack). */
class WritJarIT {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "writ.jar");
        assertThat(jar).as("mvn package builds writ-cli/target/writ.jar").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, Files.readString(stderr).strip());
    }

    @Test
    void keysMintAndVerifyFromTheShadedJar() throws Exception {
        assertThat(java("keys", "new", "--out", dir.resolve("k").toString()).code()).isZero();
        Path claims = dir.resolve("claims.json");
        Files.writeString(claims, "{\"iss\":\"https://auth\",\"sub\":\"alice\",\"aud\":\"fn-a\"}");
        Result mint = java("mint", "--key", dir.resolve("k/private.jwk").toString(), "--claims", claims.toString());
        assertThat(mint.code()).as(mint.out() + mint.err()).isZero();
        Result ok = java("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", mint.out(), "--aud", "fn-a", "--iss", "https://auth");
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("\"valid\":true");
        Result denied = java("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", mint.out(), "--aud", "fn-b", "--iss", "https://auth");
        assertThat(denied.code()).isEqualTo(3);
        assertThat(denied.out()).contains("\"code\":\"WRONG_AUDIENCE\"");
    }

    /** DynamoDB Local's sqlite natives and cedar's native library must load from inside the shaded jar. */
    @Test
    void demoRunsFromTheShadedJarAndItsExportVerifies() throws Exception {
        Path export = dir.resolve("lineage.jsonl");
        Path keys = dir.resolve("keys");
        Result demo = java("demo", "--export", export.toString(), "--keys", keys.toString());
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("REPLAYED").contains("broken at seq").contains("Every step behaved as expected")
                .doesNotContainIgnoringCase("sqlite");
        // sqlite4java's "unknown jar version" warning (JUL, from inside DynamoDB Local) used to open the tour.
        assertThat(demo.err()).as("the demo's stderr").isEmpty();
        Result verify = java("lineage", "verify", "--file", export.toString(), "--jwks", keys.resolve("jwks.json").toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    }

    /** The auditor API's Micronaut context must start from inside the shaded jar too, beside the authorizer's classes. */
    @Test
    void devFromTheShadedJarServesTheExplorerAndTheAuditorApi() throws Exception {
        Path jar = Path.of("target", "writ.jar");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "dev", "--port", "0", "--checkpoint-every", "0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String explorer = null;
            StringBuilder seen = new StringBuilder();
            for (String line; explorer == null && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = Pattern.compile("^Lineage explorer .*: (http://127\\.0\\.0\\.1:\\d+/explorer)$").matcher(line);
                if (m.matches()) {
                    explorer = m.group(1);
                }
            }
            assertThat(explorer).as("the banner names the explorer URL:\n" + seen).isNotNull();
            assertThat(seen.toString()).as("stdout and stderr up to the banner").doesNotContainIgnoringCase("sqlite");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(explorer)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
            assertThat(page.body()).contains("<title>Writ lineage explorer</title>");
            HttpResponse<String> chains = http.send(HttpRequest.newBuilder(URI.create(explorer.replace("/explorer", "/api/chains"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chains.statusCode()).isEqualTo(200);
            assertThat(chains.body()).isEqualTo("{\"chains\":[]}");
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("writ dev stops on SIGTERM").isTrue();
        }
    }
}
