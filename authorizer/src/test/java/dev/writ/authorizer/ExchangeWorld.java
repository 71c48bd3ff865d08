package dev.writ.authorizer;

import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.core.jose.Signer;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.writ.Actor;
import dev.writ.guard.writ.FunctionIdentity;
import dev.writ.guard.writ.PolicyRef;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Parent writs as the authorizer mints them, exchange requests, and an exchange over the sample bundle. */
final class ExchangeWorld {
    static final String ACCOUNT = "123456789012";
    /** The exchange's region, and TestContext's: a callee's guard is invoked as a function of it. */
    static final String REGION = "us-east-1";
    /** The unqualified ARN of the sample's ledger-post in that account and region: its hop children's aud. */
    static final String LEDGER_ARN = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:ledger-post";
    /** ledger-post as its guard knows itself when Lambda invokes it (TestContext's ARN). */
    static final FunctionIdentity LEDGER_POST = FunctionIdentity.of("ledger-post", LEDGER_ARN);
    static final String WRITE_ROLE = "payments-write-role";
    static final long NOW = TestWorld.MONDAY_10.getEpochSecond();
    static final String PAYLOAD_DIGEST = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";

    private ExchangeWorld() {
    }

    /** The ARN a function's execution role session calls with. */
    static String callerArn(String role, String function) {
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + function;
    }

    /** What the guards trust: the authorizer's writ key and issuer, on {@code clock}. */
    static VerifierConfig.Builder trust(Clock clock) {
        return VerifierConfig.builder()
                .keys(JwksKeyResolver.fromJwks(new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()).toString()))
                .trustedIssuers(Set.of(TestWorld.ISSUER)).clock(clock);
    }

    /** An exchange over the sample bundle, the writ key, trust and clock of the tests; logs into {@code log}. */
    static WritExchange.Builder exchange(Clock clock, ByteArrayOutputStream log) {
        return exchange(clock, log, null);
    }

    static WritExchange.Builder exchange(Clock clock, ByteArrayOutputStream log, ReplayStore replay) {
        Signer signer = TestWorld.writSigner();
        VerifierConfig.Builder trust = trust(clock);
        if (replay != null) {
            trust.replayStore(replay);
        }
        return WritExchange.builder()
                .bundle(TestWorld.bundle())
                .verifier(trust.build())
                .signer(() -> signer)
                .issuer(TestWorld.ISSUER)
                .account(ACCOUNT)
                .region(REGION)
                .clock(clock)
                .log(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /** A parent as the authorizer mints it for {@code function}: subject, groups, txn, 60 s from NOW. */
    static WritClaims.Builder parent(String function, String subject, List<String> groups) {
        return parent(function, subject, groups, NOW);
    }

    /** The same, issued at {@code now}. */
    static WritClaims.Builder parent(String function, String subject, List<String> groups, long now) {
        return WritClaims.builder()
                .issuer(TestWorld.ISSUER)
                .subject(subject)
                .audience(function)
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now + 60)
                .id(UUID.randomUUID().toString())
                .action("Payments::Action::\"CreatePayment\"")
                .resource("Payments::Collection::\"payments\"")
                .policy(new PolicyRef("payments-api", 2, "h", List.of("clerks-create")))
                .transaction("txn-" + UUID.randomUUID())
                .groups(groups);
    }

    /** A parent that has already passed through {@code hops} functions. */
    static WritClaims.Builder parentAfterHops(String function, int hops) {
        Actor actor = Actor.of("fn-1");
        for (int i = 2; i <= hops; i++) {
            actor = actor.then("fn-" + i);
        }
        return parent(function, "carl", List.of("clerk")).actor(actor);
    }

    static String sign(WritClaims.Builder claims) {
        return WritCodec.encode(claims.build(), TestWorld.writSigner());
    }

    /** The exchange's JSON body for a hop. */
    static String body(String writ, String kind, String target, String payload, Boolean singleUse) {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional.ofNullable(writ).ifPresent(w -> body.put("writ", w));
        body.put("kind", kind);
        body.put("target", target);
        Optional.ofNullable(payload).ifPresent(p -> body.put("payload", p));
        Optional.ofNullable(singleUse).ifPresent(s -> body.put("singleUse", s));
        return Json.write(body);
    }
}
