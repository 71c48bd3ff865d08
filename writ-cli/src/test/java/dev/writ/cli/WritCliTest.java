package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writ command as a user runs it: keys new, mint, verify, and their exit codes. */
class WritCliTest {

    private static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        CliRun result = CliRun.of(args);
        out = result.out();
        err = result.err();
        return result.code();
    }

    private Path claims(String json) throws Exception {
        Path file = dir.resolve("claims.json");
        Files.writeString(file, json);
        return file;
    }

    private String mint(String claimsJson) throws Exception {
        assertThat(run("mint", "--key", dir.resolve("k/private.jwk").toString(),
                "--claims", claims(claimsJson).toString(), "--now", String.valueOf(NOW))).as(err).isZero();
        return out;
    }

    @BeforeEach
    void keys() {
        assertThat(run("keys", "new", "--out", dir.resolve("k").toString())).isZero();
        assertThat(Map.of("k", Json.parseObject(out))).isNotEmpty();
    }

    private int verify(String token, String... extra) {
        String[] base = {"verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", token,
            "--now", String.valueOf(NOW + 10)};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return run(args);
    }

    @Test
    void mintsAWritThatVerifiesForItsFunctionAndRoute() throws Exception {
        String token = mint("{\"iss\":\"https://auth\",\"sub\":\"alice\",\"aud\":\"fn-a\",\"req\":{\"m\":\"GET\",\"p\":\"/x\"}}");
        assertThat(verify(token, "--aud", "fn-a", "--iss", "https://auth", "--method", "GET", "--path", "/x")).isZero();
        Map<String, Object> result = Json.parseObject(out);
        assertThat(result).containsEntry("valid", true).containsEntry("code", "ALLOWED");
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) result.get("claims");
        assertThat(claims).containsEntry("sub", "alice").containsEntry("iat", (int) NOW).containsEntry("exp", (int) NOW + 60)
                .containsKey("jti");
    }

    @Test
    void readsTheTokenFromAFile() throws Exception {
        String token = mint("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}");
        Path file = dir.resolve("token.txt");
        Files.writeString(file, token + "\n");
        assertThat(verify("@" + file, "--aud", "fn")).isZero();
    }

    @Test
    void exitsThreeWithTheReasonCodeWhenDenied() throws Exception {
        String token = mint("{\"iss\":\"https://auth\",\"sub\":\"alice\",\"aud\":\"fn-a\",\"req\":{\"m\":\"GET\",\"p\":\"/x\"}}");
        assertThat(verify(token, "--aud", "fn-b", "--method", "GET", "--path", "/x")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("valid", false).containsEntry("code", "WRONG_AUDIENCE");
        assertThat(verify(token, "--aud", "fn-a", "--method", "POST", "--path", "/x")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "REQUEST_MISMATCH");
        assertThat(verify(token, "--aud", "fn-a", "--iss", "https://other", "--method", "GET", "--path", "/x")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "WRONG_ISSUER");
        assertThat(verify("garbage", "--aud", "fn-a")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "MALFORMED").doesNotContainKey("claims");
    }

    @Test
    void deniesAnExpiredWritAndOneFromAnotherKey() throws Exception {
        String token = mint("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}");
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", token, "--aud", "fn",
                "--now", String.valueOf(NOW + 1000))).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "EXPIRED");
        assertThat(run("keys", "new", "--out", dir.resolve("other").toString())).isZero();
        assertThat(run("verify", "--jwks", dir.resolve("other/jwks.json").toString(), "--token", token, "--aud", "fn",
                "--now", String.valueOf(NOW))).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "UNKNOWN_KEY");
    }

    @Test
    void makesRsaKeysOnRequest() throws Exception {
        assertThat(run("keys", "new", "--out", dir.resolve("k").toString(), "--alg", "ps256")).isZero();
        String token = mint("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}");
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(verify(token, "--aud", "fn")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sub\":\"s\",\"aud\":\"fn\"}", "[1,2]", "{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\",\"exp\":\"soon\"}"})
    void refusesBadClaimsFilesAsUsageErrors(String claims) throws Exception {
        assertThat(run("mint", "--key", dir.resolve("k/private.jwk").toString(), "--claims", claims(claims).toString()))
                .isEqualTo(2);
        assertThat(err).startsWith("writ: ").doesNotContain("Exception");
    }

    @Test
    void reportsUsageErrorsWithExitTwo() {
        assertThat(run("verify", "--jwks", dir.resolve("missing.json").toString(), "--token", "x", "--aud", "fn")).isEqualTo(2);
        assertThat(err).contains("cannot read JWKS");
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", "x")).isEqualTo(2);
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", "x", "--aud", "f",
                "--method", "GET")).isEqualTo(2);
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", "@" + dir.resolve("nope"),
                "--aud", "f")).isEqualTo(2);
        assertThat(run("mint", "--key", dir.resolve("k/private.jwk").toString(), "--claims", dir.resolve("none.json").toString()))
                .isEqualTo(2);
        assertThat(run("keys", "new", "--out", dir.toString(), "--alg", "HS256")).isEqualTo(2);
    }
}
