package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.BoundInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

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
        assertThat(run("keys", "new", "--out", dir.resolve("k").toString())).as(err).isZero();
    }

    /** Replacing an old, world-readable key too: the new private.jwk is created owner-only, not rewritten in place. */
    @ParameterizedTest
    @ValueSource(strings = {"ES256", "PS256", "RS256"})
    void keysNewWritesAnOwnerOnlyPrivateJwkAndThePublicJwksOfIt(String alg) throws Exception {
        Path keyDir = Files.createDirectories(dir.resolve("new-" + alg));
        Path privateJwk = keyDir.resolve("private.jwk");
        Path jwks = keyDir.resolve("jwks.json");
        Files.writeString(privateJwk, "{}");
        Files.setPosixFilePermissions(privateJwk, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(run("keys", "new", "--out", keyDir.toString(), "--alg", alg.toLowerCase(Locale.ROOT))).as(err).isZero();

        JWK key = JWK.parse(Files.readString(privateJwk));
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.parse(alg));
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        if (alg.equals("ES256")) {
            assertThat(key.toECKey().getCurve()).isEqualTo(Curve.P_256);
        } else {
            assertThat(key.toRSAKey().size()).isGreaterThanOrEqualTo(2048);
        }
        assertThat(Files.getPosixFilePermissions(privateJwk)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        List<JWK> published = JWKSet.load(jwks.toFile()).getKeys();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).isPrivate()).isFalse();
        assertThat(published.get(0).toJSONObject()).isEqualTo(key.toPublicJWK().toJSONObject());
        assertThat(Json.parseObject(out)).isEqualTo(Map.of("kid", key.getKeyID(), "alg", alg,
                "privateKey", privateJwk.toString(), "jwks", jwks.toString()));

        assertThat(run("mint", "--key", privateJwk.toString(), "--claims", claims("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}").toString()))
                .as(err).isZero();
        assertThat(run("verify", "--jwks", jwks.toString(), "--token", out, "--aud", "fn", "--iss", "i")).as(out).isZero();
    }

    @Test
    void keysNewMakesAPs256Rsa2048KeyUnlessAskedOtherwise() throws Exception {
        Path keyDir = dir.resolve("default");
        assertThat(run("keys", "new", "--out", keyDir.toString())).as(err).isZero();

        JWK key = JWK.parse(Files.readString(keyDir.resolve("private.jwk")));
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(key.toRSAKey().size()).isEqualTo(2048);
        assertThat(Json.parseObject(out)).containsEntry("alg", "PS256");
    }

    @Test
    void aCheckpointWithTheDefaultRsaKeyIsAUsageErrorNamingHowToMakeAP256Key() {
        assertThat(run("lineage", "checkpoint", "--table", "unused", "--key", dir.resolve("k/private.jwk").toString()))
                .isEqualTo(2);
        assertThat(err).contains("is not an EC P-256 key (RSA)").contains("writ keys new --alg ES256");
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
    void aPayloadNoDigestBindsExactlyIsARequestMismatchNotAFailure() throws Exception {
        // 2^53 + 1 is canonical JSON 9007199254740992, as 2^53 is: the writ for one must not verify the other.
        String digest = BoundInputs.digest("{\"n\":9007199254740992}");
        String token = mint("{\"iss\":\"https://auth\",\"sub\":\"alice\",\"aud\":\"fn\",\"in\":{\"payload\":\"" + digest + "\"}}");
        assertThat(verify(token, "--aud", "fn", "--iss", "https://auth", "--payload", "{\"n\":9007199254740992}")).as(out).isZero();
        assertThat(verify(token, "--aud", "fn", "--iss", "https://auth", "--payload", "{\"n\":9007199254740993}")).as(err).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "REQUEST_MISMATCH")
                .containsEntry("detail", "payload has no canonical JSON that binds it exactly"
                        + " (a number its canonical JSON does not give back exactly: 9007199254740993)");
    }

    @Test
    void verifiesAHopChildAgainstTheArnItsCalleeIsInvokedAs() throws Exception {
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:ledger-post";
        String token = mint("{\"iss\":\"https://auth\",\"sub\":\"alice\",\"aud\":\"" + arn + "\"}");

        assertThat(verify(token, "--aud", arn + ":live", "--iss", "https://auth")).as(out).isZero();
        assertThat(verify(token, "--aud", "ledger-post", "--iss", "https://auth")).as("never by name").isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "WRONG_AUDIENCE");
        assertThat(verify(token, "--aud", "arn:aws:lambda:us-east-1:210987654321:function:ledger-post", "--iss", "https://auth"))
                .as("the same name in another account").isEqualTo(3);
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
        assertThat(verify("@" + file("token.txt", "\n \t" + token + " \r\n\n"), "--aud", "fn", "--iss", "i")).as(err).isZero();
        assertThat(Json.parseObject(out)).containsEntry("valid", true);
    }

    /** The file is data: options written in it are part of the token, which is then no compact JWS. */
    @Test
    void aTokenFileCannotAddOptions() throws Exception {
        long past = 1_000_000_000L;
        assertThat(run("mint", "--key", dir.resolve("k/private.jwk").toString(), "--claims",
                claims("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}").toString(), "--now", String.valueOf(past))).isZero();
        String expired = out;
        String jwks = dir.resolve("k/jwks.json").toString();
        assertThat(run("verify", "--jwks", jwks, "--token", expired, "--aud", "fn", "--iss", "i")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "EXPIRED");

        // With picocli's @-files this file set --now and the expired writ came out valid.
        Path injected = file("injected.txt", expired + " --now=" + (past + 10) + "\n");
        assertThat(run("verify", "--jwks", jwks, "--token", "@" + injected, "--aud", "fn", "--iss", "i")).as(err).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("valid", false).containsEntry("code", "MALFORMED").doesNotContainKey("claims");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened JSON serialization", "general JSON serialization", "two tokens", "empty", "blank",
        "not UTF-8", "over the size cap"})
    void aTokenFileHoldingAnythingButOneCompactJwsIsMalformed(String holding) throws Exception {
        String token = mint("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}");
        String[] p = token.split("\\.");
        Path file = dir.resolve("token-file");
        switch (holding) {
            case "flattened JSON serialization" -> Files.writeString(file,
                    "{\n  \"protected\": \"" + p[0] + "\",\n  \"payload\": \"" + p[1] + "\",\n  \"signature\": \"" + p[2] + "\"\n}\n");
            case "general JSON serialization" -> Files.writeString(file,
                    "{\"payload\": \"" + p[1] + "\", \"signatures\": [{\"protected\": \"" + p[0] + "\", \"signature\": \"" + p[2] + "\"}]}");
            case "two tokens" -> Files.writeString(file, token + "\n" + token + "\n");
            case "empty" -> Files.writeString(file, "");
            case "blank" -> Files.writeString(file, " \n\t\n");
            case "not UTF-8" -> Files.write(file, (token + "\u00ff").getBytes(StandardCharsets.ISO_8859_1));
            case "over the size cap" -> Files.writeString(file, token + " ".repeat(Inputs.MAX_VALUE_FILE));
            default -> throw new IllegalArgumentException(holding);
        }
        assertThat(verify("@" + file, "--aud", "fn", "--iss", "i")).as(err).isEqualTo(3);
        Map<String, Object> verdict = Json.parseObject(out);
        assertThat(verdict).containsEntry("valid", false).containsEntry("code", "MALFORMED").doesNotContainKey("claims");
        assertThat(verdict.get("detail")).asString().isNotBlank();
    }

    @Test
    void aMissingTokenFileIsAUsageError() {
        Path missing = dir.resolve("no-such-token");
        assertThat(verify("@" + missing, "--aud", "fn", "--iss", "i")).isEqualTo(2);
        assertThat(err).isEqualTo("writ: cannot read " + missing + ": no such file");
        assertThat(out).isEmpty();
        assertThat(verify("@" + dir, "--aud", "fn", "--iss", "i")).isEqualTo(2);
        assertThat(err).isEqualTo("writ: cannot read " + dir + ": it is a directory");
    }

    @Test
    void noCommandExpandsAtFiles() {
        List<CommandLine> all = new ArrayList<>(List.of(WritCli.newCommandLine()));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        assertThat(all).extracting(c -> c.getCommandSpec().qualifiedName())
                .contains("writ verify", "writ mint", "writ authorize", "writ lineage verify", "writ bundle build", "writ keys new");
        assertThat(all).noneMatch(CommandLine::isExpandAtFiles);
    }

    private Path file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void exitsThreeWithTheReasonCodeWhenDenied() throws Exception {
        String token = mint("{\"iss\":\"https://auth\",\"sub\":\"alice\",\"aud\":\"fn-a\",\"req\":{\"m\":\"GET\",\"p\":\"/x\"}}");
        assertThat(verify(token, "--aud", "fn-b", "--iss", "https://auth", "--method", "GET", "--path", "/x")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("valid", false).containsEntry("code", "WRONG_AUDIENCE");
        assertThat(verify(token, "--aud", "fn-a", "--iss", "https://auth", "--method", "POST", "--path", "/x")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "REQUEST_MISMATCH");
        assertThat(verify(token, "--aud", "fn-a", "--iss", "https://other", "--method", "GET", "--path", "/x")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "WRONG_ISSUER");
        assertThat(verify("garbage", "--aud", "fn-a", "--iss", "https://auth")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "MALFORMED").doesNotContainKey("claims");
    }

    @Test
    void deniesAnExpiredWritAndOneFromAnotherKey() throws Exception {
        String token = mint("{\"iss\":\"i\",\"sub\":\"s\",\"aud\":\"fn\"}");
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", token, "--aud", "fn",
                "--iss", "i", "--now", String.valueOf(NOW + 1000))).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "EXPIRED");
        assertThat(run("keys", "new", "--out", dir.resolve("other").toString())).isZero();
        assertThat(run("verify", "--jwks", dir.resolve("other/jwks.json").toString(), "--token", token, "--aud", "fn",
                "--iss", "i", "--now", String.valueOf(NOW))).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "UNKNOWN_KEY");
    }

    /** Not checking the issuer is a choice the caller states, and the output repeats it. */
    @Test
    void verifyNeedsTrustedIssuersOrAnExplicitAnyIssuer() throws Exception {
        String token = mint("{\"iss\":\"https://auth\",\"sub\":\"s\",\"aud\":\"fn\"}");
        assertThat(verify(token, "--aud", "fn")).isEqualTo(2);
        assertThat(err).contains("--iss").contains("--any-issuer");
        assertThat(verify(token, "--aud", "fn", "--iss", "https://auth", "--any-issuer")).isEqualTo(2);

        assertThat(verify(token, "--aud", "fn", "--iss", "https://other")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "WRONG_ISSUER").doesNotContainKey("issuerChecked");
        assertThat(verify(token, "--aud", "fn", "--iss", "https://other", "--iss", "https://auth")).isZero();
        assertThat(Json.parseObject(out)).doesNotContainKey("issuerChecked");

        assertThat(verify(token, "--aud", "fn", "--any-issuer")).isZero();
        assertThat(Json.parseObject(out)).containsEntry("valid", true).containsEntry("issuerChecked", false);
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
        assertThat(run("verify", "--jwks", dir.resolve("missing.json").toString(), "--token", "x", "--aud", "fn", "--iss", "i")).isEqualTo(2);
        assertThat(err).contains("cannot read JWKS");
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", "x", "--iss", "i")).isEqualTo(2);
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", "x", "--aud", "f",
                "--iss", "i", "--method", "GET")).isEqualTo(2);
        assertThat(run("verify", "--jwks", dir.resolve("k/jwks.json").toString(), "--token", "@" + dir.resolve("nope"),
                "--aud", "f", "--iss", "i")).isEqualTo(2);
        assertThat(run("mint", "--key", dir.resolve("k/private.jwk").toString(), "--claims", dir.resolve("none.json").toString()))
                .isEqualTo(2);
        assertThat(run("keys", "new", "--out", dir.toString(), "--alg", "HS256")).isEqualTo(2);
    }
}
