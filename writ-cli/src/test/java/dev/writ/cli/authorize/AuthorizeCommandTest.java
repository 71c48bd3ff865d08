package dev.writ.cli.authorize;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.writ.cli.WritCli;
import dev.writ.policy.TestBundles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code writ bundle build|test} and {@code writ authorize} as a policy author runs them. */
class AuthorizeCommandTest {
    /** Monday 2026-11-23 10:00 UTC. */
    private static final long NOW = 1_795_428_000L;
    private static final String ISS = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example";
    private static final Path SAMPLE = Path.of("..", "policy-bundles", "payments-api");
    private static final Path EVENTS = Path.of("..", "authorizer", "src", "test", "resources", "events");

    @TempDir
    Path dir;
    private String out;
    private String err;
    private RSAKey idpKey;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = WritCli.newCommandLine();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int code = cli.execute(args);
        out = o.toString().strip();
        err = e.toString().strip();
        return code;
    }

    @BeforeEach
    void setUp() throws Exception {
        assertThat(run("keys", "new", "--out", dir.resolve("k").toString())).isZero();
        assertThat(run("bundle", "build", SAMPLE.toString(), "--key", dir.resolve("k").toString(),
                "--out", dir.resolve("bundle.json").toString())).as(err).isZero();
        idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        Files.writeString(dir.resolve("idp-jwks.json"), new JWKSet(idpKey.toPublicJWK()).toString());
    }

    private String token(List<String> groups) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("idp-1").build(),
                new JWTClaimsSet.Builder().issuer(ISS).subject("vera").claim("client_id", "web")
                        .claim("token_use", "access").claim("cognito:groups", groups).claim("amr", List.of("pwd", "mfa"))
                        .expirationTime(new Date((NOW + 3600) * 1000)).build());
        jwt.sign(new RSASSASigner(idpKey));
        return jwt.serialize();
    }

    private Path event(String name, String token) throws Exception {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, Files.readString(EVENTS.resolve(name + ".json")).replace("${TOKEN}", token));
        return file;
    }

    private int authorize(Path event, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("authorize", "--bundle", dir.resolve("bundle.json").toString(),
                "--event", event.toString(), "--idp-jwks", dir.resolve("idp-jwks.json").toString(),
                "--idp-issuer", ISS, "--idp-audience", "web", "--key", dir.resolve("k").toString(),
                "--now", String.valueOf(NOW)));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @Test
    void bundleTestPassesTheSampleAndFailsABrokenCopy() throws Exception {
        assertThat(run("bundle", "test", SAMPLE.toString())).isZero();
        assertThat(out).contains("payments-api: OK");
        Path broken = dir.resolve("payments-api");
        Files.createDirectories(broken.resolve("policies"));
        Files.createDirectories(broken.resolve("tests"));
        for (String f : List.of("manifest.json", "schema.cedarschema", "entities.json", "policies/guards.cedar",
                "policies/read.cedar", "policies/write.cedar")) {
            Files.copy(SAMPLE.resolve(f), broken.resolve(f));
        }
        Files.writeString(broken.resolve("policies/write.cedar"),
                Files.readString(SAMPLE.resolve("policies/write.cedar")).replace("context.amount <= 10000", "context.amout <= 10000"));
        try (var tests = Files.list(SAMPLE.resolve("tests"))) {
            for (Path t : tests.toList()) {
                Files.copy(t, broken.resolve("tests").resolve(t.getFileName()));
            }
        }
        assertThat(run("bundle", "test", broken.toString())).isEqualTo(1);
        assertThat(err).contains("create-clerk").contains("amout");
        assertThat(run("bundle", "build", broken.toString(), "--key", dir.resolve("k").toString(),
                "--out", dir.resolve("broken.bundle.json").toString())).isEqualTo(1);
        assertThat(dir.resolve("broken.bundle.json")).doesNotExist();
    }

    @Test
    void aPermitAllowingAnyValueOfAnOptionalInputIsAWarningAndTheBundleStillBuilds() throws Exception {
        assertThat(run("bundle", "test", SAMPLE.toString())).isZero();
        assertThat(out).doesNotContain("warning");
        Path bundle = TestBundles.copyPayments(dir);
        TestBundles.edit(bundle.resolve("policies/tools.cedar"), "@writ_any(\"mcpName\")\n", "");
        String warning = "warning: payments-api/policies/tools.cedar: policy \"tool-server\": route POST /mcp: permit"
                + " `tool-server` allows any value of optional input mcpName (Mcp-Name), which the writ will bind:"
                + " list the values it allows, or say it allows any with @writ_any(\"mcpName\")";

        assertThat(run("bundle", "test", bundle.toString())).isZero();
        assertThat(out).contains("payments-api: OK (", " failed, 1 warning)").contains(warning);

        Path file = dir.resolve("warned.bundle.json");
        assertThat(run("bundle", "build", bundle.toString(), "--key", dir.resolve("k").toString(), "--out", file.toString()))
                .as(err).isZero();
        assertThat(err).contains(warning);
        assertThat(Json.parseObject(out).get("name")).isEqualTo("payments-api");
        assertThat(file).exists();
    }

    @Test
    void allowsAViewerOnAnHttpApiEventAndPrintsTheResponseAndTheWrit() throws Exception {
        assertThat(authorize(event("http-request", token(List.of("viewer"))))).as(err).isZero();
        Map<String, Object> result = Json.parseObject(out);
        assertThat(result.get("decision")).isEqualTo("allow");
        assertThat(map(result, "response").get("isAuthorized")).isEqualTo(true);
        assertThat(map(map(result, "response"), "context").get("writ")).isInstanceOf(String.class);
        assertThat(map(result, "writ").get("aud")).isEqualTo("payments-read");
        assertThat(map(map(result, "writ"), "req").get("p")).isEqualTo("/prod/payments/p-1001");
        assertThat(((Number) map(result, "writ").get("iat")).longValue()).isEqualTo(NOW);
        assertThat(err).contains("\"decision\":\"allow\"");
    }

    /** The writ {@code writ authorize} mints for a clerk's POST /payments with {@code X-Payment-Amount: 100}, in a file. */
    private Path writForAmount100() throws Exception {
        Map<String, Object> event = Json.parseObject(Files.readString(event("rest-request", token(List.of("clerk")))));
        event.put("httpMethod", "POST");
        event.put("path", "/payments");
        event.put("resource", "/payments");
        event.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/POST/payments");
        event.remove("pathParameters");
        event.remove("queryStringParameters");
        map(event, "headers").put("X-Payment-Amount", "100");
        Path file = dir.resolve("create-100.json");
        Files.writeString(file, Json.write(event));
        assertThat(authorize(file)).as(err).isZero();
        Path writ = dir.resolve("writ.txt");
        Files.writeString(writ, (String) map(map(Json.parseObject(out), "response"), "context").get("writ") + "\n");
        return writ;
    }

    private int verify(Path writ, String... request) {
        List<String> args = new java.util.ArrayList<>(List.of("verify", "--jwks", dir.resolve("k/jwks.json").toString(),
                "--token", "@" + writ, "--aud", "payments-write", "--iss", "writ-dev", "--now", String.valueOf(NOW),
                "--method", "POST", "--path", "/payments", "--api", "a1b2c3", "--stage", "prod"));
        args.addAll(List.of(request));
        return run(args.toArray(String[]::new));
    }

    @Test
    void verifiesTheAmountHeaderTheWritWasIssuedForAsTheGuardDoes() throws Exception {
        Path writ = writForAmount100();

        assertThat(verify(writ, "--header", "X-Payment-Amount=100")).as(out + err).isZero();
        assertThat(Json.parseObject(out)).containsEntry("valid", true);

        assertThat(verify(writ, "--header", "X-Payment-Amount=99999999")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "REQUEST_MISMATCH")
                .containsEntry("detail", "header x-payment-amount does not match the value the writ was issued for");

        assertThat(verify(writ)).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("code", "REQUEST_MISMATCH")
                .containsEntry("detail", "header x-payment-amount is bound by the writ but absent from the event");

        assertThat(verify(writ, "--header", "x-payment-amount=100", "--header", "X-Payment-Amount=99999999")).isEqualTo(3);
        assertThat(Json.parseObject(out)).containsEntry("detail", "header x-payment-amount carries more than one value");

        assertThat(verify(writ, "--header", "no-equals-sign")).isEqualTo(2);
        assertThat(err).contains("--header takes NAME=VALUE");
    }

    @Test
    void restRequestAnswersWithAnIamPolicy() throws Exception {
        assertThat(authorize(event("rest-request", token(List.of("viewer"))))).as(err).isZero();
        Map<String, Object> response = map(Json.parseObject(out), "response");
        assertThat(response.get("principalId")).isEqualTo("vera");
        assertThat(map(response, "policyDocument").toString()).contains("Allow").doesNotContain("Condition");
    }

    @Test
    void deniesACallerWithoutRoleWithExitThree() throws Exception {
        assertThat(authorize(event("http-request", token(List.of())), "--http-response", "iam")).isEqualTo(3);
        Map<String, Object> result = Json.parseObject(out);
        assertThat(result.get("decision")).isEqualTo("deny");
        assertThat((String) result.get("reason")).startsWith("POLICY_DENY");
        assertThat(map(map(result, "response"), "policyDocument").toString()).contains("Deny");
        assertThat(result).doesNotContainKey("writ");
    }

    @Test
    void restTokenWithoutTokenIsUnauthorized() throws Exception {
        assertThat(authorize(event("rest-token", ""))).isEqualTo(3);
        Map<String, Object> result = Json.parseObject(out);
        assertThat(result.get("decision")).isEqualTo("unauthorized");
        assertThat(map(result, "response")).containsEntry("errorMessage", "Unauthorized");
    }

    @Test
    void bundleSignedByAnotherKeyDeniesEverything() throws Exception {
        assertThat(run("keys", "new", "--out", dir.resolve("other").toString())).isZero();
        List<String> args = List.of("authorize", "--bundle", dir.resolve("bundle.json").toString(),
                "--event", event("http-request", token(List.of("viewer"))).toString(),
                "--idp-jwks", dir.resolve("idp-jwks.json").toString(), "--idp-issuer", ISS,
                "--key", dir.resolve("other").toString(), "--now", String.valueOf(NOW));
        assertThat(run(args.toArray(String[]::new))).isEqualTo(3);
        assertThat((String) Json.parseObject(out).get("reason")).startsWith("BUNDLE_INVALID: UNKNOWN_KEY: ");
    }

    @Test
    void unreadableOrUnknownEventIsAUsageError() throws Exception {
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "not json");
        assertThat(authorize(notJson)).isEqualTo(2);
        Path sqs = dir.resolve("sqs.json");
        Files.writeString(sqs, "{\"Records\":[]}");
        assertThat(authorize(sqs)).isEqualTo(2);
        assertThat(err).contains("not an API Gateway authorizer event");
    }

    /** A copy of the sample bundle with one more file, as a policy author's folder would be. */
    private Path sampleWith(String extraFile, String extraText) throws Exception {
        Path copy = TestBundles.copyPayments(dir);
        Files.writeString(copy.resolve(extraFile), extraText);
        return copy;
    }

    @Test
    void aReportPrintsTheBundlesPolicyIdsEscaped() throws Exception {
        // Cedar's escapes of ESC and a newline: an id that would clear the screen and start a line reading as a passed report.
        Path bundle = sampleWith("policies/extra.cedar", "@id(\"x\\u{1b}[2J\\npayments-api: OK\") permit (principal, action, resource);\n");
        for (String command : List.of("test", "build")) {
            int code = command.equals("test") ? run("bundle", "test", bundle.toString())
                    : run("bundle", "build", bundle.toString(), "--key", dir.resolve("k").toString(), "--out", dir.resolve("x.json").toString());
            assertThat(code).as(command).isEqualTo(1);
            assertThat(err).as(command).doesNotContain("\u001b").contains("policy \"x\\u001b[2J\\u000apayments-api: OK\"");
            assertThat(err.lines()).as(command).noneMatch(line -> line.startsWith("payments-api: OK"));
        }
    }

    @Test
    void aReportPrintsTheBundlesFileNamesEscaped() throws Exception {
        Path bundle = sampleWith("policies/evil\u001b]0;owned\u0007.cedar", "permit (principal, action, resource) when { context.amout > 1 };\n");
        assertThat(run("bundle", "test", bundle.toString())).isEqualTo(1);
        assertThat(err).doesNotContain("\u001b").doesNotContain("\u0007").contains("policies/evil\\u001b]0;owned\\u0007.cedar");
    }

    @Test
    void theDecisionLinesPrintTheRequestsPathEscaped() throws Exception {
        // JSON escapes C0 controls itself; a C1 CSI and a bidi override it writes as they are.
        Path event = event("http-request", token(List.of("viewer")));
        Files.writeString(event, Files.readString(event).replace("/prod/payments/p-1001", "/prod/payments/p-1001\u009b2J\u202e"));
        authorize(event);
        assertThat(err).doesNotContain("\u009b").doesNotContain("\u202e").contains("p-1001\\u009b2J\\u202e");
    }
}
