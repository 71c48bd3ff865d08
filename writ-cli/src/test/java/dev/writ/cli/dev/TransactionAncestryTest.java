package dev.writ.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.core.json.Json;
import dev.writ.guard.hop.HopKind;
import dev.writ.guard.hop.HopRequest;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritClaims;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

/**
 * One transaction on the embedded stack with an allowed hop, a call stopped before it left and a
 * hop the exchange refused, read back through lineage-fn's auditor API ({@code GET
 * /api/transactions/{txn}}, the handler the stack serves): every record is found by {@code txn},
 * and the tree places each under the execution that made it.
 */
class TransactionAncestryTest {
    private static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.start(null, 1);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HopRequest ledgerHop(String parent) {
        return new HopRequest(parent, HopKind.LAMBDA_INVOKE, DevStack.LEDGER,
                BoundInputs.digest(BoundInputs.canonicalJson(Map.of("amount", "700"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAuditorApiShowsHopsRefusedHopsAndBlockedCallsUnderTheirExecution() {
        Gateway gateway = stack.gateway();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + stack.idp().token(SampleIdp.user("carl"),
                java.time.Duration.ofHours(1)), "X-Payment-Amount", "700");
        Gateway.Request post = Gateway.Request.of("POST", "/payments", Map.of(), headers, "{\"amount\":700}", null);
        String parent = gateway.writFor(post).orElseThrow();
        WritClaims parentClaims = WritCodec.decodeUnverified(parent);
        String txn = parentClaims.transaction().orElseThrow();

        // payments-write: ledger-post (allowed hop), then payments-refund (outside its scope: stopped).
        Map<String, Object> context = new LinkedHashMap<>(Map.of("principalId", "carl", "writ", parent));
        Gateway.Response ran = gateway.invoke("payments-write", gateway.proxyEvent(post, context), (lambda, sqs) -> {
            lambda.invoke(r -> r.functionName(DevStack.LEDGER).payload(SdkBytes.fromUtf8String("{\"amount\":\"700\"}")));
            lambda.invoke(r -> r.functionName("payments-refund").payload(SdkBytes.fromUtf8String("{}")));
        });
        assertThat(ran.code()).as(ran.body()).isEqualTo("OUT_OF_SCOPE");
        // A second child of the same writ, whose holder asks for a further hop: refused, too deep.
        ExchangeResult child = stack.exchange().ask("payments-write", ledgerHop(parent));
        String childId = child.child().orElseThrow().id();
        assertThat(stack.exchange().ask(DevStack.LEDGER, ledgerHop(child.token().orElseThrow())).reason()).isEqualTo("DEPTH_EXCEEDED");

        Gateway.Response api = stack.auditorApi().handle(Gateway.Request.of("GET", "/api/transactions/" + txn, Map.of()));
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        Map<String, Object> body = Json.parseObject(api.body());
        assertThat(body).containsEntry("verified", true);
        List<Map<String, Object>> records = (List<Map<String, Object>>) body.get("records");
        assertThat(records).extracting(r -> r.get("chain") + " " + r.get("type") + " " + r.getOrDefault("reason", ""))
                .anyMatch(r -> r.startsWith("writ-exchange#0 exchange ALLOWED"))
                .anyMatch(r -> r.startsWith("writ-exchange#0 exchange DEPTH_EXCEEDED"))
                .anyMatch(r -> r.equals("payments-write#0 denial OUT_OF_SCOPE"));

        List<Map<String, Object>> tree = (List<Map<String, Object>>) body.get("tree");
        assertThat(tree).singleElement().satisfies(root -> {
            assertThat(root).containsEntry("execId", parentClaims.id()).containsEntry("function", "payments-write");
            assertThat(Json.write(root.get("blockedCalls"))).contains("\"action\":\"lambda:InvokeFunction\"")
                    .contains("function:payments-refund").contains("\"reason\":\"OUT_OF_SCOPE\"");
            List<Map<String, Object>> children = (List<Map<String, Object>>) root.get("children");
            assertThat(children).extracting(c -> c.get("function") + " " + c.get("par"))
                    .containsExactlyInAnyOrder(DevStack.LEDGER + " " + parentClaims.id(), "writ-exchange " + parentClaims.id());
            Map<String, Object> unused = children.stream().filter(c -> c.get("execId").equals(childId)).findFirst().orElseThrow();
            assertThat(Json.write(unused.get("refusedHops"))).contains("DEPTH_EXCEEDED").contains("\"decidedBy\":\"writ-exchange\"");
        });
    }
}
