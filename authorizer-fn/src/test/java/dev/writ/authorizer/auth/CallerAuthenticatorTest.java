package dev.writ.authorizer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The verified-token cache: what it lets a repeated token skip, and what it never does. */
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
