package dev.writ.e2e;

import dev.writ.testsupport.TestContext;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.Actor;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.guard.hop.GuardedExecution;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.guard.Guard;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.Writ;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hop: the guarded payments function (A, allowed by the authorizer) invokes the guarded
 * {@code ledger-post} function (B) directly with a child writ it got from the writ exchange (same
 * {@code txn}, {@code par} = A's writ id, bound to the exact payload). The ancestry is then one
 * tree: the auditor API's transaction query (index byTxn) returns both executions and the
 * exchange's record, linked by par, re-verified; the principal index finds them too; and
 * {@code writ lineage show B} walks from B up to A.
 */
class HopIT {
    private static final String LEDGER = "ledger-post";
    private static E2eStack stack;

    @BeforeAll
    static void start() {
        stack = E2eStack.start("hop");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The example payments function extended to post to the ledger after accepting: it asks the writ
     * exchange for B's writ as its own IAM identity would over the function URL, and B's guard checks
     * that writ like any other. The exchange is another function in AWS; here it runs in-process, so
     * its own KMS and DynamoDB calls are made as the guard's (outside A's runtime scope, which allows
     * A no KMS call).
     */
    private static final class PaymentThenLedger extends CountingPayment {
        private final Guard ledger;
        private final WritExchange exchange;
        private final String callerArn;
        private final String ledgerArn;
        final AtomicReference<Map<String, Object>> posted = new AtomicReference<>();

        PaymentThenLedger(Guard payments, Guard ledger, WritExchange exchange, String callerArn, String ledgerArn) {
            super(payments);
            this.ledgerArn = ledgerArn;
            this.ledger = ledger;
            this.exchange = exchange;
            this.callerArn = callerArn;
        }

        @Override
        protected APIGatewayProxyResponseEvent handleVerified(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
            APIGatewayProxyResponseEvent accepted = super.handleVerified(event, context, writ);
            Map<String, Object> payload = Map.of("amount", 250);
            Map<String, Object> hop = new LinkedHashMap<>();
            hop.put("writ", event.getRequestContext().getAuthorizer().get("writ"));
            hop.put("kind", "lambda:Invoke");
            hop.put("target", LEDGER);
            // The child writ binds the exact payload it was asked for.
            hop.put("payload", BoundInputs.digest(BoundInputs.canonicalJson(payload)));
            ExchangeResult child = GuardedExecution.asGuard(() -> exchange.exchange(Json.write(hop), callerArn));
            assertThat(child.isAllowed()).as("%s %s", child.reason(), child.message()).isTrue();
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("writ", child.token().orElseThrow());
            envelope.put("payload", payload);
            // Invoked as the stack's ledger-post: the child names it by that ARN.
            posted.set(ledger.handle(envelope, new TestContext(LEDGER).invokedAs(ledgerArn), (in, c, w) -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("execId", w.id());
                out.put("txn", w.transaction().orElse(null));
                out.put("par", w.parent().orElse(null));
                out.put("actors", w.actor().map(Actor::subjects).orElse(List.of()));
                return out;
            }));
            return accepted;
        }
    }

    @Test
    void hopIsOneTreeInLineage() {
        long before = System.currentTimeMillis() - 1000;
        String token = stack.token("ada", "approver");
        E2eStack.Authorized authorized = E2eStack.authorize(stack.authorizer("kms"), token, 700);
        assertThat(authorized.decision().isAllowed()).as("%s %s", authorized.decision().reason(), authorized.decision().detail()).isTrue();
        WritClaims parent = authorized.decision().writ().orElseThrow();
        String txn = parent.transaction().orElseThrow();

        String callerArn = "arn:aws:sts::" + stack.account() + ":assumed-role/payments-role/" + stack.paymentsFunction;
        PaymentThenLedger a = new PaymentThenLedger(stack.guard(stack.paymentsFunction), stack.guard(LEDGER),
                stack.exchange(), callerArn, stack.functionArn(LEDGER));
        APIGatewayProxyResponseEvent response = a.handleRequest(
                E2eEvents.proxy(token, 700, authorized.integrationContext(), e -> { }), new TestContext(stack.paymentsFunction));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        Map<String, Object> ledgerResult = a.posted.get();
        assertThat(ledgerResult).containsEntry("txn", txn).containsEntry("par", parent.id())
                .containsEntry("actors", List.of(stack.paymentsFunction));
        String childId = (String) ledgerResult.get("execId");

        // The whole transaction in one query (GSI byTxn), every record re-verified, linked by par.
        AuditorApi.Reply transaction = stack.auditor().await("/api/transactions/" + AuditorApi.enc(txn),
                r -> r.status() == 200 && r.list("records").size() >= 6);
        assertThat(transaction.status()).as(transaction.raw()).isEqualTo(200);
        assertThat(transaction.json()).as(transaction.raw()).containsEntry("verified", true);
        Map<String, String> parentOf = new LinkedHashMap<>();
        for (Map<String, Object> r : transaction.list("records")) {
            parentOf.merge((String) r.get("execId"), r.get("par") == null ? "" : (String) r.get("par"),
                    (x, y) -> x.isEmpty() ? y : x);
        }
        assertThat(parentOf).containsOnlyKeys(parent.id(), childId).containsEntry(parent.id(), "").containsEntry(childId, parent.id());

        assertThat(transaction.list("records")).filteredOn(r -> "exchange".equals(r.get("type")))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("execId", childId)
                        .containsEntry("par", parent.id()).containsEntry("decision", "allow"));

        // The principal index (GSI byPrincipal) finds the same two executions.
        AuditorApi.Reply page = stack.auditor().await("/api/executions?principal=ada&from=" + before + "&limit=1000",
                r -> r.status() == 200 && r.list("records").stream().filter(x -> txn.equals(x.get("txn"))).count() >= 6);
        assertThat(page.list("records")).filteredOn(r -> txn.equals(r.get("txn"))).extracting(r -> r.get("execId"))
                .containsOnly(parent.id(), childId);

        // Each node re-verified against its chains: A on the authorizer's and the payments chain, B on
        // the exchange's and the ledger's.
        for (String execId : List.of(parent.id(), childId)) {
            AuditorApi.Reply execution = stack.auditor().execution(execId, 3);
            assertThat(execution.status()).as(execution.raw()).isEqualTo(200);
            assertThat(execution.json()).as(execution.raw()).containsEntry("verified", true);
            assertThat(execution.list("records")).allSatisfy(r -> assertThat(r).containsEntry("txn", txn));
        }
        List<Map<String, Object>> child = stack.auditor().execution(childId).list("records");
        assertThat(child).extracting(r -> r.get("type")).containsExactlyInAnyOrder("exchange", "verification", "outcome");
        assertThat(child).allSatisfy(r -> assertThat(r).containsEntry("par", parent.id()).containsEntry("principal", "ada"));
        assertThat(child).filteredOn(r -> !"exchange".equals(r.get("type")))
                .allSatisfy(r -> assertThat(r).containsEntry("chain", E2eStack.chain(LEDGER)));

        // Up the tree, as an auditor would from the CLI.
        stack.auditor().checkpoint();
        WritCommand.Result show = WritCommand.run("lineage", "show", childId, "--table", stack.lineageTable, "--kms-key", stack.checkpointKeyArn);
        assertThat(show.code()).as(show.out() + "\n" + show.err()).isZero();
        Map<String, Object> tree = Json.parseObject(show.out());
        assertThat(tree).containsEntry("execId", childId).containsEntry("txn", txn);
        @SuppressWarnings("unchecked")
        Map<String, Object> up = (Map<String, Object>) tree.get("parent");
        assertThat(up).containsEntry("execId", parent.id()).doesNotContainKey("parent");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> upRecords = (List<Map<String, Object>>) up.get("records");
        assertThat(new ArrayList<>(upRecords.stream().map(r -> r.get("type")).toList()))
                .containsExactlyInAnyOrder("decision", "verification", "outcome");
        assertThat(upRecords).allSatisfy(r -> assertThat(r).containsEntry("verified", true));
    }
}
