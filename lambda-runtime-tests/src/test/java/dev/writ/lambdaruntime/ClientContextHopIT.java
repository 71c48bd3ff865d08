package dev.writ.lambdaruntime;

import dev.writ.testsupport.Emulators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Jws;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.writ.Delegation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link ChainedCallIT}'s hop on the template's own signing key: {@code RSA_2048} on LocalStack's
 * KMS (which signs RSASSA-PSS as KMS does), {@code kms-delegated} everywhere. The REST authorizer
 * mints a PS256 writ under a PS256 delegation; the packaged exchange mints the {@code lambda:Invoke}
 * child ES256 under a PS256 delegation of the same key, small enough for Lambda's client context;
 * the packaged {@code ledger-post}'s guard, trusting only that key ARN, runs it. A child whose claims
 * outgrow the client context is refused by the exchange ({@code CHILD_TOO_LARGE}), so the invoke is
 * never sent ({@code HOP_TOO_LARGE}).
 */
class ClientContextHopIT {
    /** Lambda's limit on the base64 client context. */
    private static final int MAX_CLIENT_CONTEXT = 3583;

    private static WritStack stack;
    private static PackagedFunction authorizer;
    private static HopChain hop;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.createWithRsaKeyOnLocalStack();
        authorizer = stack.startAuthorizer("kms-delegated");
        hop = HopChain.guarded(stack);
        dynamo = Emulators.dynamoDb();
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(dynamo, hop, authorizer, stack);
    }

    /** The REST authorizer's answer for {@code groups}' POST /payments of 120. */
    private static Map<String, Object> authorize(List<String> groups) {
        PackagedFunction.Invocation answer = authorizer.invoke(
                RuntimeEvents.authorizerRequest(stack.token("carla", groups.toArray(String[]::new)), 120));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @SuppressWarnings("unchecked")
    private static String writ(Map<String, Object> authorized) {
        return (String) ((Map<String, Object>) authorized.get("context")).get("writ");
    }

    private static Jws delegation(Jws writ) {
        return CompactJws.parse(writ.header().string(Delegation.HEADER));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLambdaInvokeHopUnderAnRsaKeyCarriesAnEs256ChildInTheClientContextAndTheCalleeRunsIt() {
        Map<String, Object> authorized = authorize(List.of("clerk"));
        Jws parent = CompactJws.parse(writ(authorized));
        assertThat(parent.header().alg()).isEqualTo("PS256");
        assertThat(delegation(parent).header().alg()).isEqualTo("PS256");
        assertThat(delegation(parent).header().keyId()).isEqualTo(stack.keyArn());
        String parentId = (String) parent.payload().get("jti");

        PackagedFunction.Invocation answer = hop.caller().invoke(RuntimeEvents.paymentsRequest(authorized, 120));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(201);
        Map<String, Object> ledger = (Map<String, Object>) Json.parseObject((String) answer.json().get("body")).get("ledger");
        assertThat(ledger).as(answer.body()).containsEntry("posted", parentId).containsEntry("par", parentId)
                .containsEntry("txn", parent.payload().get("txn"));

        String sent = hop.lambda().lastClientContext(HopChain.LEDGER).orElseThrow();
        int base64Length = Base64.getEncoder().encodeToString(sent.getBytes(StandardCharsets.UTF_8)).length();
        assertThat(base64Length).isLessThanOrEqualTo(MAX_CLIENT_CONTEXT);
        Jws child = CompactJws.parse((String) ((Map<String, Object>) Json.parseObject(sent).get("custom")).get("writ"));
        assertThat(child.payload()).containsEntry("jti", ledger.get("execId")).containsEntry("par", parentId);
        assertThat(child.header().alg()).isEqualTo("ES256");
        assertThat(delegation(child).header().alg()).isEqualTo("PS256");
        assertThat(delegation(child).header().keyId()).isEqualTo(stack.keyArn());
    }

    @Test
    void aChildTooLargeForTheClientContextIsRefusedBeforeTheInvokeIsSent() {
        // Twelve long group names: the child carries the subject's groups, ~500 more characters.
        List<String> groups = new ArrayList<>(List.of("clerk"));
        IntStream.rangeClosed(1, 12).forEach(i -> groups.add("payments-operations-eu-central-team-" + i));
        Map<String, Object> authorized = authorize(groups);
        String txn = (String) CompactJws.parse(writ(authorized)).payload().get("txn");

        PackagedFunction.Invocation answer = hop.caller().invoke(RuntimeEvents.paymentsRequest(authorized, 120));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(502);
        assertThat(Json.parseObject((String) answer.json().get("body"))).containsEntry("hop", "HOP_TOO_LARGE exchange=CHILD_TOO_LARGE");
        // The exchange refused the child it could tell would not fit; payments-write recorded the hop
        // it did not send; ledger-post saw nothing.
        List<LineageRecord> records = TransactionLineage.of(dynamo, stack.lineageTable(), txn, 5);
        assertThat(records).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(LineageRecord.Type.EXCHANGE);
            assertThat(r.decision()).hasValue("deny");
            assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("CHILD_TOO_LARGE"));
        });
        assertThat(records).filteredOn(r -> r.type() == LineageRecord.Type.EXCHANGE)
                .noneSatisfy(r -> assertThat(r.decision()).hasValue("allow"));
        assertThat(records).anySatisfy(r -> {
            assertThat(r.chain()).startsWith(WritStack.PAYMENTS_FUNCTION + "#");
            assertThat(r.type()).isEqualTo(LineageRecord.Type.DENIAL);
            assertThat(r.reason()).hasValue("HOP_TOO_LARGE exchange=CHILD_TOO_LARGE");
        });
        assertThat(records).noneSatisfy(r -> assertThat(r.chain()).startsWith(HopChain.LEDGER + "#"));
    }
}
