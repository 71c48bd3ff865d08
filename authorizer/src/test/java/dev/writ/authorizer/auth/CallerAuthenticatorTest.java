package dev.writ.authorizer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.writ.guard.writ.WritClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The subjects a token may name, and the verified-token cache: what it lets a repeated token skip, and what it never does. */
class CallerAuthenticatorTest {
    private static final String ISSUER = "https://idp.example";
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final RSAKey KEY = rsaKey("k1");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(KEY.toPublicJWK()));
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final JWKSource<SecurityContext> source = (selector, context) -> {
        keyLookups.incrementAndGet();
        return selector.select(published.get());
    };

    private CallerAuthenticator authenticator(int tokenCache) {
        return new CallerAuthenticator(source, new CallerAuthenticator.Settings(ISSUER, "web", null, null, clock, tokenCache));
    }

    private static String token(Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(ISSUER).subject("vera").audience("web")
                            .claim("cognito:groups", List.of("viewer")).claim("amr", List.of("pwd", "mfa"))
                            .expirationTime(Date.from(expires)).build());
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTokenSeenAgainSkipsItsSignatureCheckAndGivesTheSameCaller() {
        CallerAuthenticator authenticator = authenticator(10);
        String token = token(T0.plusSeconds(3600));

        Authentication first = authenticator.authenticate(token);
        Authentication second = authenticator.authenticate(token);

        assertThat(first.caller()).isPresent();
        assertThat(second.caller()).isEqualTo(first.caller());
        assertThat(second.caller().get().mfa()).isTrue();
        assertThat(keyLookups).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        CallerAuthenticator authenticator = authenticator(10);
        String token = token(T0.plusSeconds(120));
        assertThat(authenticator.authenticate(token).caller()).isPresent();

        now.set(T0.plusSeconds(120 + 61)); // past exp and Nimbus's 60 s of skew
        Authentication late = authenticator.authenticate(token);

        assertThat(late.caller()).isEmpty();
        assertThat(late.failure()).isEqualTo(Authentication.Failure.INVALID);
        assertThat(late.detail()).contains("Expired");
        assertThat(keyLookups).hasValue(1);
    }

    @Test
    void aWithdrawnKeyStopsAdmittingItsTokensOnceTheEntryIsOlderThanTheCacheAge() {
        CallerAuthenticator authenticator = authenticator(10);
        String token = token(T0.plusSeconds(7200));
        assertThat(authenticator.authenticate(token).caller()).isPresent();
        published.set(new JWKSet(rsaKey("k2").toPublicJWK()));

        now.set(T0.plus(CallerAuthenticator.TOKEN_CACHE_AGE));
        assertThat(authenticator.authenticate(token).caller()).as("within the cache age").isPresent();
        now.set(T0.plus(CallerAuthenticator.TOKEN_CACHE_AGE).plusSeconds(1));
        Authentication after = authenticator.authenticate(token);

        assertThat(after.caller()).isEmpty();
        assertThat(after.failure()).isEqualTo(Authentication.Failure.INVALID);
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsCheckedInFullAndRefused() {
        CallerAuthenticator authenticator = authenticator(10);
        String token = token(T0.plusSeconds(3600));
        assertThat(authenticator.authenticate(token).caller()).isPresent();
        String[] parts = token.split("\\.");
        String otherPayload = com.nimbusds.jose.util.Base64URL.encode(new JWTClaimsSet.Builder().issuer(ISSUER)
                .subject("mallory").audience("web").claim("cognito:groups", List.of("admin"))
                .expirationTime(Date.from(T0.plusSeconds(3600))).build().toString()).toString();

        Authentication forged = authenticator.authenticate(parts[0] + "." + otherPayload + "." + parts[2]);

        assertThat(forged.caller()).isEmpty();
        assertThat(forged.failure()).isEqualTo(Authentication.Failure.INVALID);
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void withTheCacheOffEveryTokenIsCheckedInFull() {
        CallerAuthenticator authenticator = authenticator(0);
        String token = token(T0.plusSeconds(3600));

        assertThat(authenticator.authenticate(token).caller()).isPresent();
        assertThat(authenticator.authenticate(token).caller()).isPresent();

        assertThat(keyLookups).hasValue(2);
    }

    /** A token of this test's issuer whose claims are exactly {@code claimsJson}. */
    private static String tokenWithClaims(String claimsJson) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                    new Payload(claimsJson));
            jws.sign(new RSASSASigner(KEY));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String claimsWithSub(String subJson) {
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"web\",\"exp\":" + T0.plusSeconds(3600).getEpochSecond()
                + ",\"sub\":" + subJson + "}";
    }

    @Test
    void refusesATokenWhoseSubCannotBeAWritsSubject() {
        CallerAuthenticator authenticator = authenticator(10);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("\"\"", "sub is empty");
        refused.put("\"\\u2003 \\t\"", "sub is blank");
        refused.put("123", "sub must be a string"); // Nimbus alone would read it as "123"
        refused.put("1.5e3", "sub must be a string");
        refused.put("true", "Illegal sub claim");
        refused.put("null", "sub must be a string");
        refused.put("\"\\udc00vera\"", "sub is not well-formed Unicode");
        refused.put("\"" + "v".repeat(WritClaims.MAX_SUBJECT_BYTES + 1) + "\"", "sub is longer than 1024 bytes (1025)");
        SoftAssertions.assertSoftly(softly -> refused.forEach((sub, detail) -> {
            for (int attempt = 0; attempt < 2; attempt++) { // and never remembered
                Authentication auth = authenticator.authenticate(tokenWithClaims(claimsWithSub(sub)));
                softly.assertThat(auth.caller()).as(sub).isEmpty();
                softly.assertThat(auth.failure()).as(sub).isEqualTo(Authentication.Failure.INVALID);
                softly.assertThat(auth.detail()).as(sub).startsWith(detail);
            }
        }));
        Authentication noSub = authenticator.authenticate(tokenWithClaims(
                "{\"iss\":\"" + ISSUER + "\",\"aud\":\"web\",\"exp\":" + T0.plusSeconds(3600).getEpochSecond() + "}"));
        assertThat(noSub.detail()).contains("missing required claims").contains("sub");
    }

    @Test
    void measuresTheSubAsTheWritWillCarryIt() {
        int max = WritClaims.MAX_SUBJECT_BYTES;
        assertThat(CallerAuthenticator.subjectProblem("v".repeat(max))).isNull();
        assertThat(CallerAuthenticator.subjectProblem("é".repeat(max / 2))).as("two UTF-8 bytes each").isNull();
        assertThat(CallerAuthenticator.subjectProblem("é".repeat(max / 2) + "v")).startsWith("sub is longer than");
        assertThat(CallerAuthenticator.subjectProblem("v".repeat(max - 1) + "\"")).as("escaped as two bytes")
                .isEqualTo("sub is longer than 1024 bytes (1025)");
        assertThat(CallerAuthenticator.subjectProblem("v".repeat(max - 5) + "\u0001")).as("escaped as six bytes")
                .isEqualTo("sub is longer than 1024 bytes (1025)");
        assertThat(CallerAuthenticator.subjectProblem("😀 vera ")).as("a pair of surrogates, spaces around").isNull();
        assertThat(CallerAuthenticator.subjectProblem("vera\ud83d")).startsWith("sub is not well-formed Unicode");
    }

    @Test
    void refusesANegativeCacheSize() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new CallerAuthenticator.Settings(ISSUER, "web", null, null, clock, -1));
    }

    @Test
    void theCacheHoldsAtMostItsSizeAndDropsTheLeastRecentlyUsed() {
        VerifiedTokens tokens = new VerifiedTokens(2, Duration.ofMinutes(5), clock);
        Caller caller = new Caller("vera", java.util.Set.of(), false, List.of());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("vera").build();
        tokens.put(VerifiedTokens.key("a"), claims, caller);
        tokens.put(VerifiedTokens.key("b"), claims, caller);
        assertThat(tokens.get(VerifiedTokens.key("a"))).isNotNull();

        tokens.put(VerifiedTokens.key("c"), claims, caller);

        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.get(VerifiedTokens.key("b"))).as("least recently used").isNull();
        assertThat(tokens.get(VerifiedTokens.key("a"))).isNotNull();
        assertThat(tokens.get(VerifiedTokens.key("c"))).isNotNull();
    }
}
