package dev.writ.guard;

import dev.writ.core.internal.AwsClients;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.KeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.testsupport.TestJwks;
import com.nimbusds.jose.jwk.JWK;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.writ.guard.writ.WritClaims;

import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.writ.WritCodec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Keys, clocks and writs shared by the guard-runtime tests. */
public final class Fixtures {

    public static final String ISSUER = "https://authorizer.writ.test";
    public static final String FUNCTION = "payments-create";
    public static final long NOW = 1_800_000_000L;
    public static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    public static final Map<String, List<String>> QUERY = Map.of("dryRun", List.of("false"));
    public static final RequestBinding REQUEST = new RequestBinding("POST", "/payments", "a1b2c3", "prod",
            QueryHash.ofMultiValue(QUERY));

    private static final Map<SigningAlgorithm, JWK> KEYS = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** One private key per algorithm, made once per test run. */
    public static JWK key(SigningAlgorithm alg) {
        return KEYS.computeIfAbsent(alg, a -> TestJwks.forAlgorithm(a.name()));
    }

    public static Signer signer(SigningAlgorithm alg) {
        return LocalSigner.fromJwk(key(alg).toJSONString());
    }

    public static Signer signer() {
        return signer(SigningAlgorithm.ES256);
    }

    /** Trusts the ES256 and PS256 fixture keys. */
    public static KeyResolver trustedKeys() {
        return JwksKeyResolver.fromJwks(TestJwks.publicJwks(key(SigningAlgorithm.ES256), key(SigningAlgorithm.PS256)));
    }

    public static VerifierConfig.Builder verifierConfig() {
        return VerifierConfig.builder().keys(trustedKeys()).trustedIssuers(Set.of(ISSUER)).clock(CLOCK);
    }

    /** A writ that passes every check for {@link #FUNCTION} and {@link #REQUEST}. */
    public static WritClaims.Builder validWrit() {
        return WritClaims.builder()
                .issuer(ISSUER)
                .subject("user-42")
                .audience(FUNCTION)
                .issuedAt(NOW - 5)
                .notBefore(NOW - 5)
                .expiresAt(NOW + 55)
                .id("jti-" + System.nanoTime())
                .action("Action::\"CreatePayment\"")
                .resource("Payment::\"new\"")
                .request(REQUEST)
                .transaction("txn-1");
    }

    /** A writ issued now by the real clock, bound to {@link #REQUEST}, for the KMS tests (KMS keys cannot sign in the past). */
    public static WritClaims writIssuedNow() {
        long now = Clock.systemUTC().instant().getEpochSecond();
        return WritClaims.builder().issuer(ISSUER).subject("user-42").audience(FUNCTION).issuedAt(now).expiresAt(now + 60)
                .id("jti-" + System.nanoTime()).request(REQUEST).build();
    }

    /** A verifier trusting exactly these KMS keys (public keys fetched from the emulator) and {@link #ISSUER}. */
    public static WritVerifier kmsVerifier(String... keyArns) {
        return new WritVerifier(VerifierConfig.builder()
                .keys(new KmsKeyResolver(Set.of(keyArns), AwsClients.lazyKms()))
                .trustedIssuers(Set.of(ISSUER)).build());
    }

    public static String token(WritClaims writ) {
        return WritCodec.encode(writ, signer());
    }

    public static String validToken() {
        return token(validWrit().build());
    }

    /** An in-memory replay store: a double of our own interface, for unit tests. */
    public static ReplayStore memoryReplayStore() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return (jti, keepUntil) -> seen.add(jti);
    }
}
