package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.ACCOUNT;
import static dev.writ.authorizer.ExchangeWorld.PAYLOAD_DIGEST;
import static dev.writ.authorizer.ExchangeWorld.REGION;
import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.body;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.authorizer.sign.DelegatedWritSigner;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Jws;
import dev.writ.core.jose.Signer;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.writ.Actor;
import dev.writ.guard.writ.Delegation;
import dev.writ.guard.writ.FunctionIdentity;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.TestJwks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code kms-delegated} children under an RSA 2048 KMS key (the default): a {@code lambda:Invoke}
 * child travels in Lambda's client context, at most 3,583 bytes of base64, so the exchange signs it
 * with the compact (P-256) delegated key; every other child keeps the PS256 one. The KMS key is a
 * local RSA key here with a KMS ARN as its {@code kid}, so the sizes are those of production.
 */
class ClientContextChildTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    /** Lambda's limit on the base64 client context, written out: the test states it, not the code under test. */
    private static final int MAX_CLIENT_CONTEXT = 3583;
    private static final RSAKey KMS_KEY = new RSAKey.Builder(TestJwks.rsa(JWSAlgorithm.PS256))
            .keyID("arn:aws:kms:eu-central-1:" + ACCOUNT + ":key/mrk-1234abcd12ab34cd56ef1234567890ab").build();
    /**
     * The longest names of the three earlier functions with which the deepest sample child still
     * fits (Lambda allows 64): its {@code aud}, the callee's ARN, takes 47 more bytes than the name did.
     */
    private static final int LONGEST_FITTING_NAMES = 52;

    private final Signer kms = LocalSigner.fromJwk(KMS_KEY.toJSONString());
    private final DelegatedWritSigner rsaDelegated = DelegatedWritSigner.create(kms, TestWorld.ISSUER,
            Duration.ofMinutes(15), Duration.ofSeconds(360), CLOCK);
    private final DelegatedWritSigner compact = DelegatedWritSigner.compact(kms, TestWorld.ISSUER,
            Duration.ofMinutes(15), Duration.ofSeconds(360), CLOCK);

    /** The guards' trust: the authorizer's writ key (the parents) and the KMS key (the delegations). */
    private static VerifierConfig trust() {
        List<JWK> keys = List.of(TestWorld.WRIT_KEY.toPublicJWK(), KMS_KEY.toPublicJWK());
        return VerifierConfig.builder().keys(JwksKeyResolver.fromJwks(new JWKSet(keys).toString()))
                .trustedIssuers(Set.of(TestWorld.ISSUER)).clock(CLOCK).build();
    }

    private WritExchange exchange() {
        return ExchangeWorld.exchange(CLOCK, new ByteArrayOutputStream()).verifier(trust())
                .signer(() -> rsaDelegated).clientContextSigner(() -> compact).build();
    }

    /** The parent of the deepest child the exchange mints (depth 4), the earlier functions' names {@code length} long, two groups. */
    private static String deepestParent(int length) {
        return ExchangeWorld.sign(ExchangeWorld.parent("payments-write", "carl", List.of("clerk", "approver"))
                .actor(Actor.of("a".repeat(length)).then("b".repeat(length)).then("c".repeat(length))));
    }

    private static String deepestParent() {
        return deepestParent(LONGEST_FITTING_NAMES);
    }

    private String child(String kind, String target) {
        ExchangeResult result = exchange().exchange(body(deepestParent(), kind, target, PAYLOAD_DIGEST, null),
                callerArn(WRITE_ROLE, "payments-write"));
        assertThat(result.isAllowed()).as(result.toString()).isTrue();
        return result.token().orElseThrow();
    }

    /** The base64 client context carrying {@code writ} alone, as the guard's interceptor builds it. */
    private static int clientContextLength(String writ) {
        return Base64.getEncoder().encodeToString(
                Json.write(Map.of("custom", Map.of("writ", writ))).getBytes(StandardCharsets.UTF_8)).length();
    }

    @Test
    void aLambdaInvokeChildUnderAnRsaKeyFitsTheClientContextAndItsCalleeVerifiesIt() {
        String child = child("lambda:Invoke", "ledger-post");

        Jws writ = CompactJws.parse(child);
        Jws delegation = CompactJws.parse(writ.header().string(Delegation.HEADER));
        assertThat(writ.header().alg()).isEqualTo("ES256");
        assertThat(delegation.header().alg()).isEqualTo("PS256");
        assertThat(delegation.header().keyId()).isEqualTo(KMS_KEY.getKeyID());
        assertThat(clientContextLength(child)).as("a %d-character child", child.length()).isLessThanOrEqualTo(MAX_CLIENT_CONTEXT);
        Verification atCallee = new WritVerifier(trust()).verifyHeld(child, ExchangeWorld.LEDGER_POST);
        assertThat(atCallee.isAllowed()).as(atCallee.toString()).isTrue();
    }

    /** The exchange's answer for the deepest sample child, the earlier functions' names {@code length} long. */
    private ExchangeResult deepestChildWithNamesOf(int length) {
        return exchange().exchange(body(deepestParent(length), "lambda:Invoke", "ledger-post", PAYLOAD_DIGEST, null),
                callerArn(WRITE_ROLE, "payments-write"));
    }

    @Test
    void theDeepestSampleChildFitsWithEarlierNamesOf52CharactersAndNot53() {
        // What docs/architecture.md states: at depth 4 with groups clerk and approver, the earlier
        // functions' names of 52 characters make a 3,580-byte client context; one more character
        // each (3 bytes of claims, ~6 characters) is over, and so are Lambda's longest names (64).
        ExchangeResult fits = deepestChildWithNamesOf(LONGEST_FITTING_NAMES);
        assertThat(fits.isAllowed()).as(fits.toString()).isTrue();
        assertThat(clientContextLength(fits.token().orElseThrow())).isEqualTo(3580);

        for (int length : new int[] {LONGEST_FITTING_NAMES + 1, 64}) {
            ExchangeResult over = deepestChildWithNamesOf(length);
            assertThat(over.reason()).as("names of %d", length).isEqualTo("CHILD_TOO_LARGE");
            assertThat(over.token()).isEmpty();
        }
    }

    @Test
    void aChildThatWouldNotFitTheClientContextIsRefusedAndRecordedNotMinted() {
        // The same child signed by the PS256 delegated key is over the limit: the exchange can tell,
        // so it refuses rather than record an allow for a child the caller would have to drop.
        List<LineageRecord> records = new ArrayList<>();
        WritExchange rsaOnly = ExchangeWorld.exchange(CLOCK, new ByteArrayOutputStream()).verifier(trust())
                .signer(() -> rsaDelegated).lineage(draft -> {
                    LineageRecord sealed = LineageRecord.seal("writ-exchange#0", records.size(), "0".repeat(64), draft);
                    records.add(sealed);
                    return sealed;
                }).build();
        ExchangeResult result = rsaOnly.exchange(body(deepestParent(), "lambda:Invoke", "ledger-post", PAYLOAD_DIGEST, null),
                callerArn(WRITE_ROLE, "payments-write"));

        assertThat(result.isAllowed()).isFalse();
        assertThat(result.reason()).isEqualTo("CHILD_TOO_LARGE");
        assertThat(result.status()).isEqualTo(422);
        assertThat(result.message()).contains(String.valueOf(MAX_CLIENT_CONTEXT));
        assertThat(result.token()).isEmpty();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(LineageRecord.Type.EXCHANGE);
            assertThat(r.decision()).hasValue("deny");
            assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("CHILD_TOO_LARGE"));
        });
    }

    @Test
    void aChildForTheEnvelopeOfAnAsynchronousInvokeIsNotHeldToTheClientContextLimit() {
        WritExchange rsaOnly = ExchangeWorld.exchange(CLOCK, new ByteArrayOutputStream()).verifier(trust())
                .signer(() -> rsaDelegated).build();
        Map<String, Object> request = new LinkedHashMap<>(Json.parseObject(body(deepestParent(), "lambda:Invoke", "ledger-post", PAYLOAD_DIGEST, null)));
        request.put("envelope", true);
        ExchangeResult result = rsaOnly.exchange(Json.write(request), callerArn(WRITE_ROLE, "payments-write"));

        String child = result.token().orElseThrow();
        assertThat(CompactJws.parse(child).header().alg()).isEqualTo("PS256");
        assertThat(clientContextLength(child)).as("a %d-character child", child.length()).isGreaterThan(MAX_CLIENT_CONTEXT);
        Verification atCallee = new WritVerifier(trust()).verifyHeld(child, ExchangeWorld.LEDGER_POST);
        assertThat(atCallee.isAllowed()).as(atCallee.toString()).isTrue();
    }

    @Test
    void onlyALambdaInvokeChildTravelsInAnEnvelope() {
        Map<String, Object> request = new LinkedHashMap<>(Json.parseObject(body(deepestParent(), "sqs:SendMessage",
                "https://sqs.eu-central-1.amazonaws.com/" + ACCOUNT + "/payment-events", PAYLOAD_DIGEST, null)));
        request.put("envelope", true);
        ExchangeResult result = exchange().exchange(Json.write(request), callerArn(WRITE_ROLE, "payments-write"));

        assertThat(result.reason()).isEqualTo("BAD_REQUEST");
        assertThat(result.message()).contains("envelope");
    }

    @Test
    void aQueueChildKeepsThePs256DelegatedKey() {
        String child = child("sqs:SendMessage", "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/payment-events");

        assertThat(CompactJws.parse(child).header().alg()).isEqualTo("PS256");
        Verification atConsumer = new WritVerifier(trust()).verifyHeld(child, FunctionIdentity.of("payments-notify",
                "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:payments-notify"));
        assertThat(atConsumer.isAllowed()).as(atConsumer.toString()).isTrue();
    }

}
