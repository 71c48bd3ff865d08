package dev.writ.authorizer.auth;

import dev.writ.guard.writ.Writ;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.writ.guard.writ.WritClaims;
import java.net.URL;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies callers' bearer JWTs from one OIDC issuer (or Cognito user pool) with Nimbus: signature
 * against the issuer's JWKS (RS256/ES256 only), exact {@code iss}, {@code exp} (and {@code nbf})
 * against the clock with a small skew, {@code sub} a subject a writ can carry ({@link #subjectProblem}),
 * the audience as {@code aud} or Cognito's {@code client_id}, and {@code token_use} when
 * configured. A token whose signature verified is
 * remembered (at most {@link Settings#tokenCache()} tokens, each for at most
 * {@link #TOKEN_CACHE_AGE}), so a caller's next requests with it skip the signature check; its
 * claims are checked again every time. Thread-safe.
 */
public final class CallerAuthenticator {

    /** Default JWKS cache lifetime. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(15);
    /** Smallest interval between two JWKS fetches (refresh on an unknown {@code kid} is rate limited). */
    public static final Duration DEFAULT_RATE_LIMIT = Duration.ofSeconds(30);
    /** Default number of verified tokens remembered. */
    public static final int DEFAULT_TOKEN_CACHE = 1000;
    /** Longest a verified token is trusted without checking its signature again. */
    public static final Duration TOKEN_CACHE_AGE = Duration.ofMinutes(5);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final ClaimsVerifier claimsVerifier;
    private final VerifiedTokens verified;
    private final Settings settings;

    CallerAuthenticator(JWKSource<SecurityContext> keys, Settings settings) {
        this.settings = settings;
        this.claimsVerifier = new ClaimsVerifier(settings);
        this.verified = settings.tokenCache() == 0 ? null
                : new VerifiedTokens(settings.tokenCache(), TOKEN_CACHE_AGE, settings.clock());
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new CachingKeySelector(ALGORITHMS, keys));
        processor.setJWSVerifierFactory(new AcceleratedVerifierFactory());
        processor.setJWTClaimsSetVerifier(claimsVerifier);
    }

    /**
     * What a token must show, and how many verified tokens to remember ({@code 0}: none, every
     * request checks its token's signature).
     */
    public record Settings(String issuer, String audience, String tokenUse, String groupsClaim, Clock clock,
                           int tokenCache) {
        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            groupsClaim = groupsClaim == null ? "cognito:groups" : groupsClaim;
            clock = clock == null ? Clock.systemUTC() : clock;
            if (tokenCache < 0) {
                throw new IllegalArgumentException("tokenCache must not be negative");
            }
        }

        /** Remembering up to {@link #DEFAULT_TOKEN_CACHE} verified tokens. */
        public Settings(String issuer, String audience, String tokenUse, String groupsClaim, Clock clock) {
            this(issuer, audience, tokenUse, groupsClaim, clock, DEFAULT_TOKEN_CACHE);
        }
    }

    /** Keys fetched over HTTPS from {@code jwksUrl}, cached, refreshed on an unknown {@code kid}, rate limited. */
    public static CallerAuthenticator remote(URL jwksUrl, Settings settings) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl)
                .cache(DEFAULT_CACHE_TTL.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .rateLimited(DEFAULT_RATE_LIMIT.toMillis())
                .retrying(false)
                .build();
        return new CallerAuthenticator(keys, settings);
    }

    /** Keys from a JWKS held in memory (the CLI's {@code --idp-jwks FILE}). */
    public static CallerAuthenticator fixed(JWKSet jwks, Settings settings) {
        return new CallerAuthenticator(new ImmutableJWKSet<>(jwks), settings);
    }

    /** Checks one bearer token; never throws. */
    public Authentication authenticate(String token) {
        ByteBuffer key = verified == null ? null : VerifiedTokens.key(token);
        VerifiedTokens.Entry known = key == null ? null : verified.get(key);
        if (known != null) {
            try {
                claimsVerifier.verify(known.claims(), null);
                return Authentication.ok(known.caller());
            } catch (BadJWTException e) {
                verified.forget(key);
                return Authentication.failed(Authentication.Failure.INVALID, e.getMessage());
            }
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = processor.process(jwt, null);
        } catch (KeySourceException e) {
            return Authentication.failed(Authentication.Failure.KEYS_UNAVAILABLE, "JWKS: " + e.getMessage());
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Authentication.failed(Authentication.Failure.INVALID, e.getMessage());
        } catch (RuntimeException e) {
            return Authentication.failed(Authentication.Failure.INVALID, e.getClass().getSimpleName());
        }
        // The payload as sent: Nimbus turns a numeric sub into a string.
        String subjectProblem = subjectProblem(jwt.getPayload().toJSONObject().get("sub"));
        if (subjectProblem != null) {
            return Authentication.failed(Authentication.Failure.INVALID, subjectProblem);
        }
        Caller caller = caller(claims, settings.groupsClaim());
        if (key != null) {
            verified.put(key, claims, caller);
        }
        return Authentication.ok(caller);
    }

    /**
     * Why this {@code sub} cannot be a writ's subject, or null: exactly the rule the guard applies
     * to a writ's {@code sub} ({@link Writ#subjectProblem}), so no allow mints a writ its guard
     * refuses.
     */
    static String subjectProblem(Object sub) {
        if (!(sub instanceof String subject)) {
            return "sub must be a string";
        }
        return WritClaims.subjectProblem(subject).orElse(null);
    }

    private static Caller caller(JWTClaimsSet claims, String groupsClaim) {
        Set<String> groups = new HashSet<>(stringList(claims.getClaim(groupsClaim)));
        List<String> amr = stringList(claims.getClaim("amr"));
        List<String> scopes = new ArrayList<>();
        Object scope = claims.getClaim("scope");
        if (scope instanceof String s) {
            for (String part : WHITESPACE.split(s.trim())) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        }
        scopes.addAll(stringList(claims.getClaim("scp")));
        return new Caller(claims.getSubject(), groups, amr.contains("mfa"), scopes);
    }

    private static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.isEmpty()) {
                    out.add(s);
                }
            }
        } else if (value instanceof String s && !s.isEmpty()) {
            out.add(s);
        }
        return out;
    }

    /** Nimbus's checks of iss, exp, nbf and sub on our clock, plus audience and token_use. */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        final Settings settings;

        ClaimsVerifier(Settings settings) {
            super(null, new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp"));
            this.settings = settings;
        }

        @Override
        protected Date currentTime() {
            return Date.from(settings.clock().instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            String audience = settings.audience();
            if (audience != null) {
                List<String> aud = claims.getAudience();
                Object clientId = claims.getClaim("client_id");
                if (!(aud != null && aud.contains(audience)) && !audience.equals(clientId)) {
                    throw new BadJWTException("JWT audience / client_id rejected");
                }
            }
            if (settings.tokenUse() != null && !settings.tokenUse().equals(claims.getClaim("token_use"))) {
                throw new BadJWTException("JWT token_use rejected");
            }
        }
    }
}
