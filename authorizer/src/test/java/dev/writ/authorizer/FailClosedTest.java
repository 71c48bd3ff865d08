package dev.writ.authorizer;

import dev.writ.testsupport.TestIdp;
import dev.writ.core.config.Environment;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.guard.lineage.internal.Field;
import java.util.ArrayList;
import dev.writ.core.jose.SigningException;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.InvalidBundleException;
import java.net.ServerSocket;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.authorizer.event.RecordedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input is a denial (or, for a bad or absent token, unauthorized) with its own reason; never an allow. */
class FailClosedTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private String viewerToken() {
        return idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10);
    }

    private Decision decide(Authorizer authorizer, String eventName, String token) {
        return TestWorld.decide(authorizer, TestWorld.event(eventName, token, e -> { }));
    }

    private Authorizer authorizer() {
        return TestWorld.authorizer(idp, CLOCK, log).build();
    }

    private void assertLoggedOnce(ReasonCode reason) {
        String[] lines = log.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("{\"writ\":\"authorizer\"").contains("\"reason\":\"" + reason + "\"");
    }

    @Test
    void allowsTheSameRequestWithAGoodToken() {
        // The baseline every test below breaks one thing of.
        for (String event : List.of("rest-token", "rest-request", "http-request")) {
            assertThat(decide(authorizer(), event, viewerToken()).isAllowed()).as(event).isTrue();
        }
    }

    /**
     * Each event type with the Authorization header given as {@code first} and then {@code last}, as
     * API Gateway passes a repeated header on: REST in {@code multiValueHeaders} (the last in
     * {@code headers}), HTTP API payload 2.0 joined with a comma, a TOKEN authorizer's identity
     * source as one value.
     */
    private static List<RecordedEvent> authorizationTwice(String first, String last) {
        return List.of(
                TestWorld.event("rest-request", last, e -> e.put("multiValueHeaders",
                        Map.of("Authorization", List.of("Bearer " + first, "Bearer " + last)))),
                TestWorld.event("http-request", last,
                        e -> TestWorld.map(e, "headers").put("authorization", "Bearer " + first + ",Bearer " + last)),
                TestWorld.event("rest-token", last, e -> e.put("authorizationToken", "Bearer " + first + ", Bearer " + last)));
    }

    @Test
    void twoDifferentTokensAreUnauthorizedNotDecidedOnTheOneTheGatewayKept() {
        String clerk = idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
        for (RecordedEvent event : authorizationTwice(clerk, viewerToken())) {
            Decision o = TestWorld.decide(authorizer(), event);
            assertThat(o.effect()).as(event.toString()).isEqualTo(Decision.Effect.UNAUTHORIZED);
            assertThat(o.reason() + " " + o.detail()).isEqualTo("BAD_TOKEN Authorization given with 2 different tokens");
        }
    }

    @Test
    void theSameTokenTwiceIsOneToken() {
        String vera = viewerToken();
        for (RecordedEvent event : authorizationTwice(vera, vera)) {
            Decision o = TestWorld.decide(authorizer(), event);
            assertThat(o.isAllowed()).as(o.reason() + " " + o.detail()).isTrue();
            assertThat(o.principalId()).isEqualTo("vera");
        }
    }

    @Test
    void absentTokenIsUnauthorizedForEveryEventType() {
        for (String event : List.of("rest-token", "rest-request", "http-request")) {
            Decision o = decide(authorizer(), event, null);
            assertThat(o.effect()).as(event).isEqualTo(Decision.Effect.UNAUTHORIZED);
            assertThat(o.reason()).isEqualTo(ReasonCode.NO_TOKEN);
        }
    }

    @Test
    void garbageTokenIsUnauthorized() {
        Decision o = decide(authorizer(), "rest-request", "not.a.jwt");
        assertThat(o.effect()).isEqualTo(Decision.Effect.UNAUTHORIZED);
        assertThat(o.reason()).isEqualTo(ReasonCode.BAD_TOKEN);
        assertLoggedOnce(ReasonCode.BAD_TOKEN);
    }

    @Test
    void tokenSignedByAnotherKeyWithThePublishedKidIsUnauthorized() {
        var forged = TestIdp.generate("idp-key-1");
        String token = TestIdp.sign(forged, new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(idp.issuer())
                .subject("mallory").claim("client_id", TestIdp.CLIENT_ID).claim("token_use", "access")
                .claim("cognito:groups", List.of("admin")).expirationTime(Date.from(TestWorld.MONDAY_10.plusSeconds(600))).build());
        assertThat(decide(authorizer(), "http-request", token).reason()).isEqualTo(ReasonCode.BAD_TOKEN);
    }

    @Test
    void expiredTokenIsUnauthorized() {
        String token = idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10,
                b -> b.expirationTime(Date.from(TestWorld.MONDAY_10.minusSeconds(3600))));
        assertThat(decide(authorizer(), "http-request", token).reason()).isEqualTo(ReasonCode.BAD_TOKEN);
    }

    @Test
    void wrongIssuerAudienceOrTokenUseIsUnauthorized() {
        String wrongIss = idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10, b -> b.issuer("https://evil.example"));
        String wrongAud = idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10, b -> b.claim("client_id", "other-app"));
        String idToken = idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10, b -> b.claim("token_use", "id"));
        for (String token : List.of(wrongIss, wrongAud, idToken)) {
            Decision o = decide(authorizer(), "http-request", token);
            assertThat(o.effect()).isEqualTo(Decision.Effect.UNAUTHORIZED);
            assertThat(o.reason()).isEqualTo(ReasonCode.BAD_TOKEN);
        }
    }

    @Test
    void acceptsAnIdTokenByItsAudienceWhenConfiguredForIdTokens() {
        String idToken = idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10,
                b -> b.claim("token_use", "id").claim("client_id", null).audience(TestIdp.CLIENT_ID));
        Authorizer a = TestWorld.authorizer(idp, CLOCK, log).authenticator(CallerAuthenticator.remote(idp.jwksUrl(),
                new CallerAuthenticator.Settings(idp.issuer(), TestIdp.CLIENT_ID, "id", null, CLOCK))).build();
        assertThat(decide(a, "http-request", idToken).isAllowed()).isTrue();
    }

    @Test
    void unreachableJwksIsDenied() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Authorizer a = TestWorld.authorizer(idp, CLOCK, log).authenticator(CallerAuthenticator.remote(
                URI.create("http://127.0.0.1:" + closedPort + "/.well-known/jwks.json").toURL(),
                new CallerAuthenticator.Settings(idp.issuer(), TestIdp.CLIENT_ID, "access", null, CLOCK))).build();
        Decision o = decide(a, "rest-request", viewerToken());
        assertThat(o.effect()).isEqualTo(Decision.Effect.DENY);
        assertThat(o.reason()).isEqualTo(ReasonCode.JWKS_UNAVAILABLE);
        assertLoggedOnce(ReasonCode.JWKS_UNAVAILABLE);
    }

    @Test
    void refetchesTheJwksForAnUnknownKidAfterRotation() {
        Authorizer a = authorizer();
        assertThat(decide(a, "http-request", viewerToken()).isAllowed()).isTrue();
        var rotated = TestIdp.generate("idp-key-2");
        idp.publish(new JWKSet(List.of(rotated.toPublicJWK())));
        String token = TestIdp.sign(rotated, new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(idp.issuer())
                .subject("vera").claim("client_id", TestIdp.CLIENT_ID).claim("token_use", "access")
                .claim("cognito:groups", List.of("viewer")).expirationTime(Date.from(TestWorld.MONDAY_10.plusSeconds(600))).build());
        try {
            assertThat(decide(a, "http-request", token).isAllowed()).isTrue();
        } finally {
            idp.publish(idp.publicJwks());
        }
    }

    @Test
    void unknownRouteIsDenied() {
        Decision o = TestWorld.decide(authorizer(), TestWorld.event("http-request", viewerToken(),
                TestWorld.httpRoute("DELETE", "DELETE /payments/{paymentId}", "/payments/p-1001", Map.of("paymentId", "p-1001"), null)));
        assertThat(o.reason()).isEqualTo(ReasonCode.UNKNOWN_ROUTE);
        RecordedEvent token = TestWorld.event("rest-token", viewerToken(),
                e -> e.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/GET/admin/secrets"));
        assertThat(TestWorld.decide(authorizer(), token).reason()).isEqualTo(ReasonCode.UNKNOWN_ROUTE);
    }

    @Test
    void unreadableMethodArnIsDenied() {
        RecordedEvent token = TestWorld.event("rest-token", viewerToken(), e -> e.put("methodArn", "not-an-arn"));
        Decision o = TestWorld.decide(authorizer(), token);
        assertThat(o.effect()).isEqualTo(Decision.Effect.DENY);
    }

    @Test
    void oversizeHeaderIsDenied() {
        RecordedEvent event = TestWorld.event("rest-request", viewerToken(),
                e -> TestWorld.map(e, "headers").put("X-Padding", "a".repeat(9000)));
        Decision o = TestWorld.decide(authorizer(), event);
        assertThat(o.effect()).isEqualTo(Decision.Effect.DENY);
        assertThat(o.reason()).isEqualTo(ReasonCode.OVERSIZE_HEADER);
        assertLoggedOnce(ReasonCode.OVERSIZE_HEADER);
    }

    @Test
    void headerSizeIsCountedInUtf8Bytes() {
        // 2,800 characters but 8,400 UTF-8 bytes: over the 8,192-byte limit.
        RecordedEvent event = TestWorld.event("rest-request", viewerToken(),
                e -> TestWorld.map(e, "headers").put("X-Note", "\u20ac".repeat(2800)));
        assertThat(TestWorld.decide(authorizer(), event).reason()).isEqualTo(ReasonCode.OVERSIZE_HEADER);
        RecordedEvent under = TestWorld.event("rest-request", viewerToken(),
                e -> TestWorld.map(e, "headers").put("X-Note", "\u20ac".repeat(2700)));
        assertThat(TestWorld.decide(authorizer(), under).reason()).isNotEqualTo(ReasonCode.OVERSIZE_HEADER);
    }

    @Test
    void missingOrMistypedAmountIsDenied() {
        String clerk = idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
        RecordedEvent missing = TestWorld.event("http-request", clerk,
                TestWorld.httpRoute("POST", "POST /payments", "/payments", Map.of(), null));
        assertThat(TestWorld.decide(authorizer(), missing).reason()).isEqualTo(ReasonCode.BAD_REQUEST);
        RecordedEvent mistyped = TestWorld.event("http-request", clerk, TestWorld.httpRoute("POST", "POST /payments", "/payments", Map.of(), null)
                .andThen(e -> TestWorld.map(e, "headers").put("x-payment-amount", "12.5")));
        assertThat(TestWorld.decide(authorizer(), mistyped).reason()).isEqualTo(ReasonCode.BAD_REQUEST);
    }

    @Test
    void tamperedBundleDeniesEverything(@TempDir Path dir) throws Exception {
        String text = Files.readString(TestWorld.bundleFile());
        Path tampered = dir.resolve("bundle.json");
        // Swap one base64 file body for another: the signature still verifies, the hash does not.
        Map<String, Object> tree = dev.writ.core.json.Json.parseObject(text);
        @SuppressWarnings("unchecked") Map<String, Object> files = (Map<String, Object>) tree.get("files");
        files.put("policies/guards.cedar", java.util.Base64.getEncoder().encodeToString("// nothing forbidden\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tampered, dev.writ.core.json.Json.write(tree));
        String problem;
        try {
            BundleLoader.load(tampered, TestWorld.bundleTrust());
            throw new AssertionError("a tampered bundle loaded");
        } catch (InvalidBundleException e) {
            problem = e.getMessage();
        }
        Authorizer a = TestWorld.authorizer(idp, CLOCK, log).bundleProblem(problem).build();
        Decision o = decide(a, "http-request", viewerToken());
        assertThat(o.reason()).isEqualTo(ReasonCode.BUNDLE_INVALID);
        assertThat(o.detail()).contains("HASH_MISMATCH");
        assertLoggedOnce(ReasonCode.BUNDLE_INVALID);
    }

    @Test
    void unsignedBundleDeniesEverythingThroughTheEnvironmentConfiguration(@TempDir Path dir) throws Exception {
        Map<String, Object> tree = dev.writ.core.json.Json.parseObject(Files.readString(TestWorld.bundleFile()));
        tree.remove("jws");
        Path unsigned = dir.resolve("bundle.json");
        Files.writeString(unsigned, dev.writ.core.json.Json.write(tree));
        Path jwks = dir.resolve("trusted.json");
        Files.writeString(jwks, TestWorld.bundleTrustJwks());
        Path key = dir.resolve("writ.jwk");
        Files.writeString(key, TestWorld.WRIT_KEY.toJSONString());
        Authorizer a = AuthorizerConfig.fromEnvironment(Environment.of(Map.of(
                "WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer(), "WRIT_AUTHORIZER_IDP_AUDIENCE", TestIdp.CLIENT_ID,
                "WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER, "WRIT_AUTHORIZER_SIGNING_MODE", "local", "WRIT_AUTHORIZER_LOCAL_KEY", key.toString(),
                "WRIT_AUTHORIZER_BUNDLE_FILE", unsigned.toString(), "WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS", jwks.toString())), CLOCK);
        Decision o = decide(a, "http-request", viewerToken());
        assertThat(o.reason()).isEqualTo(ReasonCode.BUNDLE_INVALID);
        assertThat(o.detail()).isEqualTo("UNSIGNED: the bundle file carries no signature");
    }

    @Test
    void theSameEnvironmentWithTheSignedBundleAllows(@TempDir Path dir) throws Exception {
        Path jwks = dir.resolve("trusted.json");
        Files.writeString(jwks, TestWorld.bundleTrustJwks());
        Path key = dir.resolve("writ.jwk");
        Files.writeString(key, TestWorld.WRIT_KEY.toJSONString());
        Authorizer a = AuthorizerConfig.fromEnvironment(Environment.of(Map.of(
                "WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer(), "WRIT_AUTHORIZER_IDP_AUDIENCE", TestIdp.CLIENT_ID,
                "WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER, "WRIT_AUTHORIZER_SIGNING_MODE", "local", "WRIT_AUTHORIZER_LOCAL_KEY", key.toString(),
                "WRIT_AUTHORIZER_BUNDLE_FILE", TestWorld.bundleFile().toString(), "WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS", jwks.toString())), CLOCK);
        assertThat(decide(a, "http-request", viewerToken()).isAllowed()).isTrue();
    }

    @Test
    void incompleteEnvironmentDeniesEverything() {
        Authorizer a = AuthorizerConfig.fromEnvironment(Environment.of(Map.of()), CLOCK);
        Decision o = decide(a, "http-request", viewerToken());
        assertThat(o.reason()).isEqualTo(ReasonCode.MISCONFIGURED);
        assertThat(o.detail()).contains("WRIT_AUTHORIZER_IDP_ISSUER");
        Authorizer badMode = AuthorizerConfig.fromEnvironment(Environment.of(Map.of("WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer(),
                "WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER, "WRIT_AUTHORIZER_SIGNING_MODE", "hmac")), CLOCK);
        assertThat(decide(badMode, "http-request", viewerToken()).reason()).isEqualTo(ReasonCode.MISCONFIGURED);
    }

    @Test
    void aNegativeOrNonNumericTokenCacheSizeDeniesEverything() {
        for (String size : List.of("-1", "many", "3000000000")) {
            Authorizer a = AuthorizerConfig.fromEnvironment(Environment.of(Map.of("WRIT_AUTHORIZER_IDP_ISSUER", idp.issuer(),
                    "WRIT_AUTHORIZER_ISSUER", TestWorld.ISSUER, "WRIT_AUTHORIZER_IDP_TOKEN_CACHE", size)), CLOCK);
            Decision o = decide(a, "http-request", viewerToken());
            assertThat(o.reason()).as(size).isEqualTo(ReasonCode.MISCONFIGURED);
            assertThat(o.detail()).as(size).startsWith("WRIT_AUTHORIZER_IDP_TOKEN_CACHE");
        }
    }

    @Test
    void signingFailureIsDeniedAndRetriedOnTheNextRequest() {
        int[] calls = {0};
        Authorizer a = TestWorld.authorizer(idp, CLOCK, log).signer(() -> {
            calls[0]++;
            throw new SigningException("KMS Sign failed: KmsException");
        }).build();
        Decision o = decide(a, "http-request", viewerToken());
        assertThat(o.reason()).isEqualTo(ReasonCode.SIGNING_FAILED);
        assertThat(o.token()).isEmpty();
        decide(a, "http-request", viewerToken());
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aDecisionRecordThatCannotBeWrittenIsKeptAndRefusesEveryRequestUntilItIsWritten() {
        List<LineageRecord.Draft> stored = new ArrayList<>();
        boolean[] down = {true};
        Authorizer a = TestWorld.authorizer(idp, CLOCK, log).lineage(draft -> {
            if (down[0]) {
                throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.UNREACHABLE, "authorizer#0", "connection refused", null);
            }
            stored.add(draft);
            return null;
        }).build();

        Decision answered = decide(a, "http-request", viewerToken());
        assertThat(answered.effect()).as("the answer does not wait for its record").isEqualTo(Decision.Effect.ALLOW);

        Decision refused = decide(a, "http-request", viewerToken());
        assertThat(refused.effect()).isEqualTo(Decision.Effect.DENY);
        assertThat(refused.reason()).isEqualTo(ReasonCode.LINEAGE_UNAVAILABLE);
        assertThat(refused.token()).isEmpty();
        assertThat(stored).isEmpty();

        down[0] = false;
        assertThat(decide(a, "http-request", viewerToken()).effect()).isEqualTo(Decision.Effect.ALLOW);
        assertThat(stored).extracting(d -> d.text().get(Field.DECISION) + " " + d.text().get(Field.REASON))
                .as("every decision, in order, once").containsExactly("allow ALLOWED", "deny LINEAGE_UNAVAILABLE", "allow ALLOWED");
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorDenial() {
        Authorizer a = TestWorld.authorizer(idp, CLOCK, log).signer(() -> {
            throw new IllegalStateException("boom");
        }).build();
        // A signer that cannot be made is reported as a signing failure, still a denial.
        assertThat(decide(a, "http-request", viewerToken()).effect()).isEqualTo(Decision.Effect.DENY);
        Decision o = authorizerWithNullEvent();
        assertThat(o.reason()).isEqualTo(ReasonCode.INTERNAL_ERROR);
    }

    private Decision authorizerWithNullEvent() {
        return authorizer().decide((dev.writ.authorizer.event.RestAuthorizerEvent) null);
    }
}
