package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.ACCOUNT;
import static dev.writ.authorizer.ExchangeWorld.NOW;
import static dev.writ.authorizer.ExchangeWorld.PAYLOAD_DIGEST;
import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.body;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static dev.writ.authorizer.ExchangeWorld.parent;
import static dev.writ.authorizer.ExchangeWorld.parentAfterHops;
import static dev.writ.authorizer.ExchangeWorld.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.core.json.Json;
import dev.writ.guard.Guard;
import dev.writ.guard.WritDeniedException;
import dev.writ.testsupport.TestContext;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.replay.ReplayStore;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.TestJwks;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WritExchangeTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    private static final String WRITE = callerArn(WRITE_ROLE, "payments-write");
    private static final String LEDGER = "lambda:Invoke";

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final RecordingLineage lineage = new RecordingLineage();

    private WritExchange exchange() {
        return ExchangeWorld.exchange(CLOCK, log).lineage(lineage).build();
    }

    private static String clerkParent() {
        return sign(parent("payments-write", "carl", List.of("clerk")));
    }

    @Test
    void mintsAChildForTheCalleeInTheSameTransaction() {
        WritClaims parent = parent("payments-write", "carl", List.of("clerk")).build();
        String parentWrit = sign(parent.toBuilder());

        ExchangeResult result = exchange().exchange(body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);

        assertThat(result.isAllowed()).as(result.toString()).isTrue();
        assertThat(result.status()).isEqualTo(200);
        WritClaims child = result.child().orElseThrow();
        assertThat(child.issuer()).isEqualTo(TestWorld.ISSUER);
        assertThat(child.subject()).isEqualTo("carl");
        assertThat(child.audience()).as("the callee by its unqualified ARN").containsExactly(ExchangeWorld.LEDGER_ARN);
        assertThat(child.transaction()).isEqualTo(parent.transaction());
        assertThat(child.parent()).contains(parent.id());
        assertThat(child.id()).isNotEqualTo(parent.id());
        assertThat(child.actor().orElseThrow().subjects()).containsExactly("payments-write");
        assertThat(child.action()).contains("Payments::Action::\"InvokeLedger\"");
        assertThat(child.resource()).contains("Payments::Function::\"ledger-post\"");
        assertThat(child.groups()).containsExactly("clerk");
        assertThat(child.scope().orElseThrow().actions()).containsExactly("dynamodb:PutItem");
        assertThat(child.inputs().digests()).containsExactly(Map.entry(BoundInputs.PAYLOAD, PAYLOAD_DIGEST));
        assertThat(child.policy().orElseThrow().policyIds()).containsExactly("ledger-from-payments-write");
        assertThat(child.singleUse()).isFalse();
        assertThat(child.issuedAt()).isEqualTo(NOW);
        assertThat(child.expiresAt()).isEqualTo(NOW + 60);
        // The callee's guard accepts it with the trust it already has.
        Verification atCallee = new WritVerifier(ExchangeWorld.trust(CLOCK).build()).verifyHeld(result.token().orElseThrow(), ExchangeWorld.LEDGER_POST);
        assertThat(atCallee.isAllowed()).as(atCallee.toString()).isTrue();
        assertThat(Json.parseObject(Json.write(result.toJson()))).containsOnlyKeys("writ", "exp");

        LineageRecord record = lineage.only();
        assertThat(record.type()).isEqualTo(LineageRecord.Type.EXCHANGE);
        assertThat(record.function()).contains("writ-exchange");
        assertThat(record.execId()).contains(child.id());
        assertThat(record.transaction()).isEqualTo(parent.transaction());
        assertThat(record.parent()).contains(parent.id());
        assertThat(record.principal()).contains("carl");
        assertThat(record.action()).contains("Payments::Action::\"InvokeLedger\"");
        assertThat(record.decision()).contains("allow");
        assertThat(record.reason()).contains("ALLOWED determining=ledger-from-payments-write");
        assertThat(record.bundle().orElseThrow()).startsWith("payments-api@3#");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("\"reason\":\"ALLOWED\"").contains("\"function\":\"payments-write\"");
    }

    /**
     * A caller that leaves out the payload's digest (code in the function asking the exchange itself,
     * not the guard's interceptor) would get a child that carries any payload to ledger-post: refused,
     * and recorded against the parent like every refusal after it was read.
     */
    @Test
    void aHopThatBindsItsPayloadIsRefusedWithoutItsDigest() {
        WritClaims parent = parent("payments-write", "carl", List.of("clerk")).build();

        ExchangeResult result = exchange().exchange(body(sign(parent.toBuilder()), LEDGER, "ledger-post", null, null), WRITE);

        assertThat(result.isAllowed()).isFalse();
        assertThat(result.reason()).isEqualTo("UNBOUND_PAYLOAD");
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.message()).isEqualTo("the hop lambda:Invoke ledger-post binds what the call carries: send its digest as \"payload\"");
        LineageRecord record = lineage.only();
        assertThat(record.decision()).contains("deny");
        assertThat(record.reason()).contains("UNBOUND_PAYLOAD");
        assertThat(record.execId()).isEmpty();
        assertThat(record.transaction()).isEqualTo(parent.transaction());
        assertThat(record.parent()).contains(parent.id());
        assertThat(record.principal()).contains("carl");
        assertThat(record.action()).contains("Payments::Action::\"InvokeLedger\"");
    }

    /**
     * A parent without txn starts a transaction at its jti, which its child carries: the exchange's
     * records, allowed or refused, name that transaction too, so they are found with the child's.
     */
    @Test
    void recordsForAParentWithoutTxnNameTheTransactionItsChildCarries() {
        WritClaims parent = parent("payments-write", "carl", List.of("clerk")).transaction(null).build();
        String parentWrit = sign(parent.toBuilder());

        WritClaims child = exchange().exchange(body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE).child().orElseThrow();
        exchange().exchange(body(parentWrit, LEDGER, "ledger-post", null, null), WRITE);

        assertThat(child.transaction()).contains(parent.id());
        assertThat(lineage.records).extracting(r -> r.reason().orElseThrow().split(" ")[0] + " " + r.transaction().orElseThrow())
                .containsExactly("ALLOWED " + parent.id(), "UNBOUND_PAYLOAD " + parent.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ledger-post:live", "123456789012:function:ledger-post",
        "123456789012:function:ledger-post:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:ledger-post:7"})
    void aCallerNamingTheFunctionAsLambdaTakesItGetsAChildForTheFunctionsUnqualifiedArn(String target) {
        // A client of the exchange that is not our guard may send FunctionName as its SDK call had it
        // (a name read in the exchange's account and region); the child's aud is the function's ARN without
        // the qualifier, so the callee's guard accepts it whichever version or alias runs.
        ExchangeResult result = exchange().exchange(body(clerkParent(), LEDGER, target, PAYLOAD_DIGEST, null), WRITE);

        assertThat(result.isAllowed()).as(result.toString()).isTrue();
        assertThat(result.child().orElseThrow().audience()).containsExactly(ExchangeWorld.LEDGER_ARN);
        Verification atCallee = new WritVerifier(ExchangeWorld.trust(CLOCK).build()).verifyHeld(result.token().orElseThrow(), ExchangeWorld.LEDGER_POST);
        assertThat(atCallee.isAllowed()).as(atCallee.toString()).isTrue();
    }

    @Test
    void theCalleesGuardRunsTheChildOnTheExactPayloadOnly() {
        Map<String, Object> payload = Map.of("paymentId", "p-1001", "amount", 700);
        String digest = BoundInputs.digest(BoundInputs.canonicalJson(payload));
        String child = exchange().exchange(body(clerkParent(), LEDGER, "ledger-post", digest, null), WRITE).token().orElseThrow();
        Guard ledgerGuard = TestWorld.guard("ledger-post", new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()), CLOCK);
        Guard otherGuard = TestWorld.guard("payments-refund", new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()), CLOCK);

        String ran = ledgerGuard.handle(Map.of("writ", child, "payload", payload), new TestContext("ledger-post"),
                (in, c, writ) -> "posted for " + writ.subject() + " by " + writ.claims().actor().orElseThrow().subject());

        assertThat(ran).isEqualTo("posted for carl by payments-write");
        assertThatThrownBy(() -> ledgerGuard.handle(Map.of("writ", child, "payload", Map.of("paymentId", "p-1001", "amount", 99999)),
                new TestContext("ledger-post"), (in, c, writ) -> "posted"))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
        assertThatThrownBy(() -> otherGuard.handle(Map.of("writ", child, "payload", payload), new TestContext("payments-refund"),
                (in, c, writ) -> "refunded"))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("WRONG_AUDIENCE");
    }

    @Test
    void neverOutlivesTheParentAndAddsTheCallerToTheActorChain() {
        WritClaims parent = parentAfterHops("payments-write", 2).expiresAt(NOW + 7).build();

        WritClaims child = exchange().exchange(body(sign(parent.toBuilder()), LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE)
                .child().orElseThrow();

        assertThat(child.expiresAt()).isEqualTo(NOW + 7);
        assertThat(child.actor().orElseThrow().subjects()).containsExactly("payments-write", "fn-2", "fn-1");
        assertThat(child.actor().orElseThrow().depth()).isEqualTo(3);
    }

    @Test
    void aMessageHopGoesToTheConsumerWithTheBodyBound() {
        ExchangeResult result = exchange().exchange(body(clerkParent(), "sqs:SendMessage",
                "https://sqs.us-east-1.amazonaws.com/123456789012/payment-events", PAYLOAD_DIGEST, null), WRITE);

        WritClaims child = result.child().orElseThrow();
        assertThat(child.audience()).containsExactly("arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:payments-notify");
        assertThat(child.inputs().digests()).containsOnly(Map.entry(BoundInputs.BODY, PAYLOAD_DIGEST),
                Map.entry(BoundInputs.SOURCE_ARN, BoundInputs.digest("arn:aws:sqs:us-east-1:" + ACCOUNT + ":payment-events")));
        assertThat(child.scope().orElseThrow().actions()).containsExactly("sns:Publish");
    }

    @Test
    void refusesABadParentWithTheGuardsReasonCodes() {
        WritClaims.Builder good = parent("payments-write", "carl", List.of("clerk"));
        String forged = signWith(good, LocalSigner.fromJwk(TestJwks.es256().toJSONString()));
        String tampered = clerkParent();
        tampered = tampered.substring(0, tampered.length() - 4) + (tampered.endsWith("AAAA") ? "BBBB" : "AAAA");
        Map<String, String> cases = Map.of(
                "MISSING_WRIT", "",
                "UNKNOWN_KEY", forged,
                "BAD_SIGNATURE", tampered,
                "EXPIRED", sign(parent("payments-write", "carl", List.of("clerk")).issuedAt(NOW - 200).notBefore(NOW - 200)
                        .expiresAt(NOW - 100)),
                "WRONG_AUDIENCE", sign(parent("payments-read", "carl", List.of("clerk"))),
                "MALFORMED", "not.a.writ");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String writ = c.getValue().isEmpty() ? null : c.getValue();
            ExchangeResult result = exchange().exchange(body(writ, LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);
            assertThat(result.reason()).as(c.getKey()).isEqualTo(c.getKey());
            assertThat(result.isAllowed()).isFalse();
            assertThat(result.status()).as(c.getKey()).isEqualTo(c.getKey().equals("MISSING_WRIT") ? 401 : 403);
        }
        assertThat(lineage.records).hasSize(cases.size()).allSatisfy(r -> {
            assertThat(r.decision()).contains("deny");
            assertThat(r.execId()).isEmpty();
        });
    }

    private static String signWith(WritClaims.Builder claims, dev.writ.core.jose.Signer signer) {
        return dev.writ.guard.writ.WritCodec.encode(claims.build(), signer);
    }

    @Test
    void refusesAParentOfARevokedBundle() {
        WritExchange exchange = ExchangeWorld.exchange(CLOCK, log)
                .verifier(ExchangeWorld.trust(CLOCK).minimumBundleRevisions(Map.of("payments-api", 3L)).build()).build();

        ExchangeResult result = exchange.exchange(body(clerkParent(), LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);

        assertThat(result.reason()).isEqualTo("REVOKED_BUNDLE");
    }

    @Test
    void aSingleUseHopIsSpentOncePerParent() {
        InMemoryReplay replay = new InMemoryReplay();
        WritExchange exchange = ExchangeWorld.exchange(CLOCK, log, replay).lineage(lineage).build();
        String parentWrit = clerkParent();

        ExchangeResult first = exchange.exchange(body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, true), WRITE);
        ExchangeResult again = exchange.exchange(body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, true), WRITE);
        ExchangeResult reusable = exchange.exchange(body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);

        assertThat(first.child().orElseThrow().singleUse()).isTrue();
        assertThat(again.reason()).isEqualTo("REPLAYED");
        assertThat(again.status()).isEqualTo(403);
        assertThat(reusable.isAllowed()).isTrue();
        assertThat(reusable.child().orElseThrow().singleUse()).isFalse();
        // Without a replay table a single-use hop cannot be promised: refused, not downgraded.
        assertThat(exchange().exchange(body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, true), WRITE).reason())
                .isEqualTo("REPLAY_UNAVAILABLE");
    }

    @Test
    void aBearerWritAloneIsNotEnough() {
        String parentWrit = clerkParent();
        String request = body(parentWrit, LEDGER, "ledger-post", PAYLOAD_DIGEST, null);

        assertThat(exchange().exchange(request, null).reason()).isEqualTo("NO_CALLER");
        assertThat(exchange().exchange(request, null).status()).isEqualTo(401);
        for (String other : List.of(
                "arn:aws:sts::210987654321:assumed-role/" + WRITE_ROLE + "/payments-write",
                "arn:aws:iam::" + ACCOUNT + ":user/payments-write",
                "arn:aws:sts::" + ACCOUNT + ":federated-user/payments-write",
                "payments-write")) {
            ExchangeResult result = exchange().exchange(request, other);
            assertThat(result.reason()).as(other).isEqualTo("CALLER_MISMATCH");
            assertThat(result.status()).isEqualTo(403);
        }
        assertThat(lineage.records.get(lineage.records.size() - 1).reason().orElseThrow())
                .isEqualTo("CALLER_MISMATCH caller=payments-write");
        // Another function presenting payments-write's writ: the parent is not its own.
        assertThat(exchange().exchange(request, callerArn("payments-read-role", "payments-read")).reason())
                .isEqualTo("WRONG_AUDIENCE");
    }

    @Test
    void withCallerRolesTheRoleNamesTheFunctionNotTheSessionName() {
        WritExchange exchange = ExchangeWorld.exchange(CLOCK, log)
                .callerRoles(Map.of("payments-write", WRITE_ROLE, "payments-read", "payments-read-role")).build();
        String request = body(clerkParent(), LEDGER, "ledger-post", PAYLOAD_DIGEST, null);

        // Lambda names the session after the deployed function, e.g. a stack's generated name.
        assertThat(exchange.exchange(request, callerArn(WRITE_ROLE, "stack-PaymentsRestFunction-1A2B3C")).isAllowed()).isTrue();
        assertThat(exchange.exchange(request, callerArn("some-other-role", "payments-write")).reason()).isEqualTo("CALLER_MISMATCH");
        assertThat(exchange.exchange(request, callerArn("payments-read-role", "payments-write")).reason()).isEqualTo("WRONG_AUDIENCE");
    }

    @Test
    void aRoleSharedByTwoFunctionsIsRefused() {
        assertThatThrownBy(() -> WritExchange.builder()
                .callerRoles(Map.of("payments-write", "shared", "payments-read", "shared")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share role shared");
    }

    @Test
    void aHopThePoliciesDoNotAllowIsAPolicyDenyWithTheDeterminingPoliciesInLineage() {
        ExchangeResult fromRead = exchange().exchange(body(sign(parent("payments-read", "april", List.of("approver"))),
                LEDGER, "ledger-post", PAYLOAD_DIGEST, null), callerArn("payments-read-role", "payments-read"));
        ExchangeResult forViewer = exchange().exchange(body(sign(parent("payments-write", "vera", List.of("viewer"))),
                LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);
        ExchangeResult suspended = exchange().exchange(body(sign(parent("payments-write", "sam", List.of("approver", "suspended"))),
                LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);

        assertThat(List.of(fromRead, forViewer, suspended)).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo("POLICY_DENY");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).doesNotContain("suspended-hops");
        });
        assertThat(lineage.records).extracting(r -> r.reason().orElseThrow()).containsExactly(
                "POLICY_DENY determining=none", "POLICY_DENY determining=none", "POLICY_DENY determining=suspended-hops");
        assertThat(lineage.records.get(2).principal()).contains("sam");
        assertThat(lineage.records.get(2).action()).contains("Payments::Action::\"InvokeLedger\"");
    }

    @Test
    void refusesPastTheMaximumDepth() {
        assertThat(exchange().exchange(body(sign(parentAfterHops("payments-write", 3)), LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE)
                .isAllowed()).isTrue();

        ExchangeResult tooDeep = exchange().exchange(body(sign(parentAfterHops("payments-write", 4)), LEDGER, "ledger-post", PAYLOAD_DIGEST, null),
                WRITE);
        assertThat(tooDeep.reason()).isEqualTo("DEPTH_EXCEEDED");
        assertThat(ExchangeWorld.exchange(CLOCK, log).maxDepth(1).build()
                .exchange(body(sign(parentAfterHops("payments-write", 1)), LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE).reason())
                .isEqualTo("DEPTH_EXCEEDED");
    }

    @Test
    void refusesRequestsItCannotRead() {
        String parentWrit = clerkParent();
        Map<String, String> bad = Map.of(
                "not json", "{",
                "unknown member", "{\"writ\":\"x\",\"kind\":\"lambda:Invoke\",\"target\":\"ledger-post\",\"amount\":1}",
                "unknown kind", body(parentWrit, "lambda:InvokeAsync", "ledger-post", PAYLOAD_DIGEST, null),
                "target of another kind", body(parentWrit, "sqs:SendMessage", "arn:aws:sns:us-east-1:123456789012:payment-events", null, null),
                "two qualifiers", body(parentWrit, LEDGER, "ledger-post:live:7", null, null),
                "payload not a digest", body(parentWrit, LEDGER, "ledger-post", "abc", null),
                "singleUse not a boolean", "{\"writ\":\"" + parentWrit + "\",\"kind\":\"lambda:Invoke\",\"target\":\"ledger-post\",\"singleUse\":\"yes\"}");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            ExchangeResult result = exchange().exchange(c.getValue(), WRITE);
            assertThat(result.reason()).as(c.getKey()).isEqualTo("BAD_REQUEST");
            assertThat(result.status()).isEqualTo(400);
        }
        assertThat(exchange().exchange(body(parentWrit, LEDGER, "refund-post", null, null), WRITE).reason()).isEqualTo("UNKNOWN_HOP");
    }

    @Test
    void failsClosedWhenItCannotSignOrLoad() {
        String request = body(clerkParent(), LEDGER, "ledger-post", PAYLOAD_DIGEST, null);

        ExchangeResult unsigned = ExchangeWorld.exchange(CLOCK, log).signer(() -> {
            throw new IllegalStateException("KMS unreachable");
        }).build().exchange(request, WRITE);
        ExchangeResult noBundle = ExchangeWorld.exchange(CLOCK, log).bundleProblem("HASH_MISMATCH").build().exchange(request, WRITE);
        ExchangeResult noAccount = ExchangeWorld.exchange(CLOCK, log).account(null).build().exchange(request, WRITE);
        ExchangeResult noRegion = ExchangeWorld.exchange(CLOCK, log).region(null).build().exchange(request, WRITE);

        assertThat(unsigned.reason()).isEqualTo("SIGNING_FAILED");
        assertThat(noBundle.reason()).isEqualTo("BUNDLE_INVALID");
        assertThat(noAccount.reason()).isEqualTo("MISCONFIGURED");
        assertThat(noRegion.reason()).isEqualTo("MISCONFIGURED");
        assertThat(noRegion.message()).isEqualTo("no region configured");
        assertThat(List.of(unsigned, noBundle, noAccount, noRegion)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.token()).isEmpty();
        });
    }

    /**
     * Who probed the exchange: a refusal that names no parent (whose record would name the calling
     * function) ends with the caller's ARN as the function URL reported it, in the record and the log line.
     */
    @Test
    void aRefusalWithoutAParentNamesItsCaller() {
        String request = body(clerkParent(), LEDGER, "ledger-post", PAYLOAD_DIGEST, null);
        String stranger = "arn:aws:sts::210987654321:assumed-role/" + WRITE_ROLE + "/payments-write";

        ExchangeWorld.exchange(CLOCK, log).account(null).lineage(lineage).build().exchange(request, WRITE);
        exchange().exchange(request, stranger);
        exchange().exchange("{", WRITE);
        ExchangeWorld.exchange(CLOCK, log).bundleProblem("HASH_MISMATCH").lineage(lineage).build().exchange(request, WRITE);
        exchange().exchange(body(null, LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);
        exchange().exchange(request, null);
        exchange().exchange(body(sign(parent("payments-write", "sam", List.of("approver", "suspended"))), LEDGER, "ledger-post", PAYLOAD_DIGEST, null), WRITE);

        assertThat(lineage.records).extracting(r -> r.reason().orElseThrow()).containsExactly("MISCONFIGURED caller=" + WRITE,
                "CALLER_MISMATCH caller=" + stranger, "BAD_REQUEST caller=" + WRITE, "BUNDLE_INVALID caller=" + WRITE,
                "MISSING_WRIT caller=" + WRITE, "NO_CALLER",
                // The parent's record names the function it was minted for, the caller.
                "POLICY_DENY determining=suspended-hops");
        assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{\"writ\":\"exchange\""))
                .map(Json::parseObject).map(l -> l.get("caller")))
                .containsExactly(WRITE, stranger, WRITE, WRITE, WRITE, null, WRITE);
    }

    /**
     * A direct invocation writes its own event, so a caller's ARN may be any text of any size: kept
     * as it is, escaped wherever JSON carries it, cut to CALLER_LIMIT characters, last in the reason
     * (text that looks like another member is still the caller's), and the record still verifies.
     */
    @Test
    void aForgedCallerIsKeptAsItIsButBounded() {
        String forged = "arn:aws:sts::" + ACCOUNT + ":federated-user/\u001b[2J\" determining=none \u202e" + "x".repeat(400_000);
        String kept = forged.substring(0, WritExchange.CALLER_LIMIT) + "\u2026";

        assertThat(exchange().exchange(body(clerkParent(), LEDGER, "ledger-post", PAYLOAD_DIGEST, null), forged).reason()).isEqualTo("CALLER_MISMATCH");

        LineageRecord record = lineage.only();
        assertThat(record.reason()).contains("CALLER_MISMATCH caller=" + kept);
        assertThat(record.hashIsValid()).isTrue();
        assertThat(record.toJson()).doesNotContain("\u001b").contains("\\u001b");
        String line = log.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).doesNotContain("\u001b").hasSizeLessThan(1_000);
        assertThat(Json.parseObject(line)).containsEntry("caller", kept);
    }

    /** Keeps the drafts, sealed on one chain so their fields can be read. */
    private static final class RecordingLineage implements LineageRecorder {
        final List<LineageRecord> records = new ArrayList<>();

        @Override
        public LineageRecord append(LineageRecord.Draft draft) {
            String prev = records.isEmpty() ? "0".repeat(64) : records.get(records.size() - 1).hash();
            LineageRecord sealed = LineageRecord.seal("writ-exchange#0", records.size(), prev, draft);
            records.add(sealed);
            return sealed;
        }

        LineageRecord only() {
            assertThat(records).hasSize(1);
            return records.get(0);
        }
    }

    private static final class InMemoryReplay implements ReplayStore {
        private final Set<String> consumed = new HashSet<>();

        @Override
        public synchronized boolean consume(String jti, Instant keepUntil) {
            return consumed.add(jti);
        }
    }
}
