package dev.writ.e2e;

import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import dev.writ.guard.writ.WritClaims;
import dev.writ.core.jose.CompactJws;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.authorizer.Decision;
import dev.writ.core.json.Json;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.writ.WritCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every denial class at the guard of the deployed example function, with writs the real
 * authorizer minted through KMS (or a hostile edit of one): the function's code never runs, the
 * caller gets a 403 with the reason code and nothing internal, and the denial is in lineage (read
 * back through the auditor API) with that code.
 */
class GuardDenialsIT {
    private static final long AMOUNT = 250;
    private static E2eStack stack;
    private static String token;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("denials");
        token = stack.token("carl", "clerk");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A writ the stack's authorizer (mode kms) minted for this POST /payments, as API Gateway passes it on. */
    private static E2eStack.Authorized allowed(Clock clock) {
        E2eStack.Authorized a = E2eStack.authorize(stack.authorizer("kms", clock), token, AMOUNT);
        assertThat(a.decision().isAllowed()).as("%s %s", a.decision().reason(), a.decision().detail()).isTrue();
        return a;
    }

    private static Map<String, Object> contextWith(String writ) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("writ", writ);
        context.put("principalId", "carl");
        return context;
    }

    private static APIGatewayProxyRequestEvent post(Map<String, Object> authorizerContext) {
        return E2eEvents.proxy(token, AMOUNT, authorizerContext, e -> { });
    }

    /**
     * Invokes {@code function}'s guarded example handler and checks the denial: 403 with
     * {@code code}, user code never ran, and the head of the function's chain is a denial record with
     * that reason (and {@code execId} when the writ could be read).
     */
    private static void assertDenied(String function, APIGatewayProxyRequestEvent event, String code, String execId) {
        CountingPayment payment = new CountingPayment(stack.guard(function));
        APIGatewayProxyResponseEvent response = payment.handleRequest(event, new TestContext(function));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(403);
        assertThat(Json.parseObject(response.getBody())).containsEntry("code", code);
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(stack.keyArn);
        assertThat(payment.runs).as("the function's code ran").hasValue(0);

        List<Map<String, Object>> records = stack.auditor().records(E2eStack.chain(function)).list("records");
        Map<String, Object> head = records.get(records.size() - 1);
        assertThat(head).containsEntry("type", "denial").containsEntry("decision", "deny").containsEntry("reason", code)
                .containsEntry("function", function).containsEntry("hashValid", true);
        if (execId == null) {
            assertThat(head).doesNotContainKey("execId");
        } else {
            assertThat(head).containsEntry("execId", execId);
        }
    }

    @Test
    void missingWritIsDeniedAndRecorded() {
        assertDenied(stack.paymentsFunction, post(Map.of("principalId", "carl")), "MISSING_WRIT", null);
    }

    @Test
    void writWithClaimsEditedAfterSigningIsDeniedAsBadSignature() {
        String writ = (String) allowed(Clock.systemUTC()).integrationContext().get("writ");
        String[] parts = writ.split("\\.");
        Map<String, Object> claims = new LinkedHashMap<>(CompactJws.parse(writ).payload());
        claims.put("sub", "mallory");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertDenied(stack.paymentsFunction, post(contextWith(forged)), "BAD_SIGNATURE", null);
    }

    @Test
    void writMintedTenMinutesAgoIsDeniedAsExpired() {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        E2eStack.Authorized old = allowed(past);
        assertDenied(stack.paymentsFunction, post(old.integrationContext()), "EXPIRED",
                old.decision().writ().orElseThrow().id());
    }

    @Test
    void writForPaymentsWriteIsDeniedByAnotherFunction() {
        E2eStack.Authorized a = allowed(Clock.systemUTC());
        assertDenied("payments-read", post(a.integrationContext()), "WRONG_AUDIENCE", a.decision().writ().orElseThrow().id());
    }

    @Test
    void writForPostPaymentsIsDeniedOnAnotherRoute() {
        E2eStack.Authorized a = allowed(Clock.systemUTC());
        APIGatewayProxyRequestEvent refund = E2eEvents.proxy(token, AMOUNT, a.integrationContext(), e -> {
            e.put("resource", "/payments/{paymentId}/refund");
            e.put("path", "/payments/p-1001/refund");
            e.put("pathParameters", Map.of("paymentId", "p-1001"));
            Map<String, Object> rc = Events.child(e, "requestContext");
            rc.put("resourcePath", "/payments/{paymentId}/refund");
            rc.put("path", "/" + E2eEvents.STAGE + "/payments/p-1001/refund");
        });
        assertDenied(stack.paymentsFunction, refund, "REQUEST_MISMATCH", a.decision().writ().orElseThrow().id());
    }

    @Test
    void writForOneAmountIsDeniedWithAnotherAmount() {
        // carl (clerk, limit 10,000) may pay 250; the writ for 250 must not pay 99,999,999, which the
        // authorizer denies outright. The policy decided on the header, so the writ binds it.
        Decision over = E2eStack.authorize(stack.authorizer("kms", Clock.systemUTC()), token, 99_999_999).decision();
        assertThat(over.isAllowed()).as("the policy refuses the large amount").isFalse();
        E2eStack.Authorized a = allowed(Clock.systemUTC());
        APIGatewayProxyRequestEvent replayed = E2eEvents.proxy(token, 99_999_999, a.integrationContext(), e -> { });
        assertDenied(stack.paymentsFunction, replayed, "REQUEST_MISMATCH", a.decision().writ().orElseThrow().id());
        List<Map<String, Object>> records = stack.auditor().records(E2eStack.chain(stack.paymentsFunction)).list("records");
        assertThat(records.get(records.size() - 1).get("execId")).isEqualTo(a.decision().writ().orElseThrow().id());
    }

    @Test
    void singleUseWritRunsOnceThenIsDeniedAsReplayed() {
        // The authorizer mints reusable writs; the single-use one (claim "one") is the same writ made
        // single-use and signed with the same KMS key, as an issuer of one-shot writs would.
        WritClaims minted = allowed(Clock.systemUTC()).decision().writ().orElseThrow();
        WritClaims once = minted.toBuilder().id(UUID.randomUUID().toString()).singleUse(true).build();
        String writ = WritCodec.encode(once, KmsSigner.create(stack.kms, stack.keyArn));

        CountingPayment payment = new CountingPayment(stack.guard(stack.paymentsFunction));
        APIGatewayProxyResponseEvent first = payment.handleRequest(post(contextWith(writ)), new TestContext(stack.paymentsFunction));
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        assertThat(payment.runs).hasValue(1);

        assertDenied(stack.paymentsFunction, post(contextWith(writ)), "REPLAYED", once.id());
    }
}
