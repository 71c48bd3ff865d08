package dev.writ.e2e;

import dev.writ.testsupport.TestContext;
import dev.writ.core.jose.CompactJws;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.examples.payments.CreatePaymentHttp;
import dev.writ.guard.Guard;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.Writ;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An allowed request, end to end: the REST REQUEST authorizer (configured from {@code WRIT_*} as in
 * Lambda) allows a clerk's payment and signs the writ with the KMS key; the example function behind
 * the guard runs once; lineage holds the decision, the verification and the outcome under one
 * {@code execId}, the auditor API re-verifies them, a KMS-signed checkpoint pins the chains, and
 * both the auditor API and {@code writ lineage verify} find every chain intact.
 */
class AllowedRequestIT {
    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("allowed");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "signing mode {0}")
    @ValueSource(strings = {"kms", "kms-delegated"})
    void allowedPaymentRunsOnceAndLeavesOneVerifiedExecutionInLineage(String mode) {
        String token = stack.token("carl", "clerk");
        E2eStack.Authorized authorized = E2eStack.authorize(stack.authorizer(mode), token, 250);
        assertThat(authorized.decision().isAllowed()).as("%s %s", authorized.decision().reason(), authorized.decision().detail()).isTrue();
        assertThat(authorized.effect()).isEqualTo("Allow");
        String writ = (String) authorized.integrationContext().get("writ");
        Map<String, Object> header = CompactJws.parse(writ).header().members();
        if (mode.equals("kms")) {
            assertThat(header).containsEntry("kid", stack.keyArn).doesNotContainKey("dlg");
        } else {
            // Signed locally under a delegation that the KMS key signed.
            assertThat(header).containsKey("dlg").containsEntry("crit", List.of("dlg"));
        }
        String execId = CompactJws.parse(writ).payload().get("jti").toString();

        CountingPayment payment = new CountingPayment(stack.guard(stack.paymentsFunction));
        APIGatewayProxyResponseEvent response = payment.handleRequest(
                E2eEvents.proxy(token, 250, authorized.integrationContext(), e -> { }), new TestContext(stack.paymentsFunction));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        assertThat(Json.parseObject(response.getBody())).containsEntry("principal", "carl").containsEntry("execId", execId)
                .containsEntry("amount", "250");
        assertThat(payment.runs).hasValue(1);

        AuditorApi.Reply execution = stack.auditor().execution(execId, 3);
        assertThat(execution.status()).as(execution.raw()).isEqualTo(200);
        assertThat(execution.json()).containsEntry("verified", true);
        List<Map<String, Object>> records = execution.list("records");
        assertThat(records).extracting(r -> r.get("type")).containsExactlyInAnyOrder("decision", "verification", "outcome");
        assertThat(records).allSatisfy(r -> {
            assertThat(r).containsEntry("execId", execId).containsEntry("principal", "carl").containsEntry("verified", true);
            assertThat(r.get("txn")).isEqualTo(authorized.decision().writ().orElseThrow().transaction().orElseThrow());
        });
        assertThat(records).filteredOn(r -> r.get("type").equals("decision"))
                .singleElement().satisfies(r -> {
                    assertThat((String) r.get("chain")).startsWith("authorizer#");
                    assertThat(r).containsEntry("decision", "allow");
                });
        assertThat(records).filteredOn(r -> !r.get("type").equals("decision"))
                .allSatisfy(r -> assertThat(r).containsEntry("chain", E2eStack.chain(stack.paymentsFunction)));
        assertThat(records).filteredOn(r -> r.get("type").equals("outcome"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("decision", "success"));

        stack.auditor().checkpoint();
        for (Map<String, Object> r : records) {
            AuditorApi.Reply verdict = stack.auditor().verify((String) r.get("chain"));
            assertThat(verdict.status()).as(verdict.raw()).isEqualTo(200);
            assertThat(verdict.json()).as(verdict.raw()).containsEntry("intact", true).containsEntry("truncationDetectable", true);
        }
        WritCommand.Result cli = WritCommand.run("lineage", "verify", "--table", stack.lineageTable, "--kms-key", stack.checkpointKeyArn);
        assertThat(cli.code()).as(cli.out() + "\n" + cli.err()).isZero();
        assertThat(cli.err()).contains("0 broken");
    }

    /** The template's HTTP API handler, {@code CreatePaymentHttp}, counting its runs. */
    private static final class CountingHttpPayment extends CreatePaymentHttp {
        final AtomicInteger runs = new AtomicInteger();

        CountingHttpPayment(Guard guard) {
            super(guard);
        }

        @Override
        protected APIGatewayV2HTTPResponse handleVerified(APIGatewayV2HTTPEvent event, Context context, Writ writ) {
            runs.incrementAndGet();
            return super.handleVerified(event, context, writ);
        }
    }

    @Test
    void allowedPaymentThroughTheHttpApiRunsOnceWithOneVerifiedExecution() {
        String token = stack.token("carl", "clerk");
        Authorizer authorizer = stack.authorizer("kms-delegated");
        APIGatewayV2CustomAuthorizerEvent event = E2eEvents.httpAuthorizerRequest(token, 90);
        Decision decision = authorizer.decide(event);
        SimpleIAMPolicyResponse answer = authorizer.httpSimpleResponse(decision);
        assertThat(answer.getIsAuthorized()).as("%s %s", decision.reason(), decision.detail()).isTrue();
        String execId = decision.writ().orElseThrow().id();

        CountingHttpPayment payment = new CountingHttpPayment(stack.guard(stack.paymentsFunction));
        APIGatewayV2HTTPResponse response = payment.handleRequest(E2eEvents.httpProxy(token, 90, answer.getContext()),
                new TestContext(stack.paymentsFunction));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        assertThat(Json.parseObject(response.getBody())).containsEntry("execId", execId).containsEntry("amount", "90");
        assertThat(payment.runs).hasValue(1);

        AuditorApi.Reply execution = stack.auditor().execution(execId, 3);
        assertThat(execution.json()).as(execution.raw()).containsEntry("verified", true);
        assertThat(execution.list("records")).extracting(r -> r.get("type"))
                .containsExactlyInAnyOrder("decision", "verification", "outcome");

        // The same writ on the REST API's event: another API id and stage than it was bound to.
        APIGatewayProxyResponseEvent rest = new CountingPayment(stack.guard(stack.paymentsFunction)).handleRequest(
                E2eEvents.proxy(token, 90, Map.<String, Object>of("writ", answer.getContext().get("writ")), e -> { }),
                new TestContext(stack.paymentsFunction));
        assertThat(rest.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(rest.getBody())).containsEntry("code", "REQUEST_MISMATCH");
    }

    @Test
    void authorizerDenialIsADenyPolicyWithoutAWritAndADecisionRecord() {
        long before = System.currentTimeMillis() - 1000;
        // A viewer may read payments, not create them (policy-bundles/payments-api).
        E2eStack.Authorized denied = E2eStack.authorize(stack.authorizer("kms"), stack.token("vera", "viewer"), 250);
        assertThat(denied.decision().reason().name()).isEqualTo("POLICY_DENY");
        assertThat(denied.effect()).isEqualTo("Deny");
        assertThat(denied.integrationContext()).doesNotContainKey("writ").containsEntry("reason", "POLICY_DENY");

        AuditorApi.Reply page = stack.auditor().await("/api/executions?principal=vera&from=" + before,
                r -> r.status() == 200 && !r.list("records").isEmpty());
        assertThat(page.list("records")).as(page.raw()).singleElement().satisfies(r -> {
            assertThat((String) r.get("chain")).startsWith("authorizer#");
            assertThat(r).containsEntry("type", "decision").containsEntry("decision", "deny")
                    .containsEntry("reason", "POLICY_DENY").doesNotContainKey("execId");
        });
    }
}
