package dev.writ.e2e;

import dev.writ.testsupport.TestContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.writ.authorizer.Authorizer;
import dev.writ.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tampering with stored lineage, as someone with write access to the table would: after three
 * allowed payments and a KMS-signed checkpoint, one record of the payments chain is overwritten
 * with {@code PutItem} and the newest record of the authorizer's chain is deleted. The auditor API
 * and {@code writ lineage verify} both name the chain, the exact {@code seq} and the reason.
 */
class TamperedLineageIT {
    private static final int EDITED_SEQ = 2;
    private static E2eStack stack;
    private static String payments;
    private static String authorizerChain;
    private static long authorizerHead;
    private static String editedExecId;

    @BeforeAll
    static void lineageThenTamper() {
        stack = E2eStack.start("tamper");
        payments = E2eStack.chain(stack.paymentsFunction);
        Authorizer authorizer = stack.authorizer("kms");
        CountingPayment payment = new CountingPayment(stack.guard(stack.paymentsFunction));
        String token = stack.token("carl", "clerk");
        String lastExecId = null;
        for (int i = 0; i < 3; i++) {
            E2eStack.Authorized a = E2eStack.authorize(authorizer, token, 100 + i);
            APIGatewayProxyResponseEvent response = payment.handleRequest(
                    E2eEvents.proxy(token, 100 + i, a.integrationContext(), e -> { }), new TestContext(stack.paymentsFunction));
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
            lastExecId = a.decision().writ().orElseThrow().id();
        }
        // payments-write#0: verification, outcome for each call (seq 0..5).
        assertThat(stack.auditor().records(payments).list("records")).hasSize(6);
        authorizerChain = stack.auditor().execution(lastExecId, 3).list("records").stream()
                .filter(r -> r.get("type").equals("decision")).map(r -> (String) r.get("chain")).findFirst().orElseThrow();
        List<Map<String, Object>> decisions = stack.auditor().records(authorizerChain).list("records");
        authorizerHead = ((Number) decisions.get(decisions.size() - 1).get("seq")).longValue();
        stack.auditor().checkpoint();

        Map<String, AttributeValue> stored = stack.dynamo.getItem(b -> b.tableName(stack.lineageTable)
                .key(key(payments, EDITED_SEQ)).consistentRead(true)).item();
        editedExecId = stored.get("execId").s();
        Map<String, AttributeValue> edited = new HashMap<>(stored);
        edited.put("principal", AttributeValue.builder().s("mallory").build());
        stack.dynamo.putItem(b -> b.tableName(stack.lineageTable).item(edited));
        stack.dynamo.deleteItem(b -> b.tableName(stack.lineageTable).key(key(authorizerChain, authorizerHead)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static Map<String, AttributeValue> key(String chain, long seq) {
        return Map.of("chain", AttributeValue.builder().s(chain).build(), "seq", AttributeValue.builder().n(Long.toString(seq)).build());
    }

    @Test
    void auditorApiNamesTheEditedRecordAndMarksItsExecutionUnverified() {
        AuditorApi.Reply verdict = stack.auditor().verify(payments);
        assertThat(verdict.status()).as(verdict.raw()).isEqualTo(200);
        assertThat(verdict.json()).containsEntry("intact", false);
        Map<String, Object> fault = Json.parseObject(Json.write(verdict.object("verdict").get("fault")));
        assertThat(fault).containsEntry("reason", "HASH_MISMATCH");
        assertThat(((Number) fault.get("seq")).longValue()).isEqualTo(EDITED_SEQ);

        AuditorApi.Reply execution = stack.auditor().execution(editedExecId);
        assertThat(execution.status()).as(execution.raw()).isEqualTo(200);
        assertThat(execution.json()).containsEntry("verified", false);
        assertThat(execution.list("records")).filteredOn(r -> r.get("chain").equals(payments))
                .allSatisfy(r -> assertThat(r).containsEntry("verified", false));
    }

    @Test
    void auditorApiFindsTheDeletedTailAgainstTheSignedCheckpoint() {
        AuditorApi.Reply verdict = stack.auditor().verify(authorizerChain);
        assertThat(verdict.status()).as(verdict.raw()).isEqualTo(200);
        assertThat(verdict.json()).containsEntry("intact", false).containsEntry("truncationDetectable", true);
        Map<String, Object> fault = Json.parseObject(Json.write(verdict.object("verdict").get("fault")));
        assertThat(fault).containsEntry("reason", "TRUNCATED_AFTER_CHECKPOINT");
        assertThat(((Number) fault.get("seq")).longValue()).isEqualTo(authorizerHead);
    }

    @Test
    void writLineageVerifyReportsEachBrokenChainAtItsSeqAndExitsFour() {
        WritCommand.Result cli = WritCommand.run("lineage", "verify", "--table", stack.lineageTable, "--kms-key", stack.checkpointKeyArn);
        assertThat(cli.code()).as(cli.out() + "\n" + cli.err()).isEqualTo(4);
        Map<String, Map<String, Object>> broken = cli.out().lines().map(Json::parseObject)
                .collect(Collectors.toMap(v -> (String) v.get("chain"), v -> v));
        assertThat(broken).containsOnlyKeys(payments, authorizerChain);
        assertThat(broken.get(payments)).containsEntry("intact", false).containsEntry("reason", "HASH_MISMATCH");
        assertThat(((Number) broken.get(payments).get("seq")).longValue()).isEqualTo(EDITED_SEQ);
        assertThat(broken.get(authorizerChain)).containsEntry("reason", "TRUNCATED_AFTER_CHECKPOINT");
        assertThat(((Number) broken.get(authorizerChain).get("seq")).longValue()).isEqualTo(authorizerHead);
    }
}
