package dev.writ.lambdaruntime;

import dev.writ.testsupport.Emulators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Jws;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link ChainedCallIT}'s hop as an asynchronous invoke ({@code InvocationType} {@code Event}):
 * Lambda passes no client context with it, so the packaged caller's interceptor wraps the payload in
 * the direct-invoke envelope with the child from the packaged exchange, and the packaged
 * {@code ledger-post}'s guard verifies it against the payload it unwraps, after the caller was
 * answered 202 ({@link LambdaInvokeApi} runs an Event invoke on its own thread, without client context).
 */
class AsyncInvokeHopIT {
    private static WritStack stack;
    private static PackagedFunction authorizer;
    private static HopChain hop;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.create();
        authorizer = stack.startAuthorizer("kms-delegated");
        hop = HopChain.guarded(stack, Map.of("LEDGER_INVOCATION_TYPE", "Event"));
        dynamo = Emulators.dynamoDb();
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(dynamo, hop, authorizer, stack);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEventInvokeCarriesTheChildInTheEnvelopeAndTheCalleesGuardRunsItOnThePayload() throws InterruptedException {
        PackagedFunction.Invocation authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as(authorized.body()).isEqualTo(200);
        Jws parent = CompactJws.parse((String) ((Map<String, Object>) authorized.json().get("context")).get("writ"));
        String parentId = (String) parent.payload().get("jti");
        String txn = (String) parent.payload().get("txn");

        PackagedFunction.Invocation answer = hop.caller().invoke(RuntimeEvents.paymentsRequest(authorized.json(), 120));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(202);
        assertThat(hop.lambda().lastClientContext(HopChain.LEDGER)).as("an Event invoke sends no client context").isEmpty();
        Map<String, Object> envelope = Json.parseObject(hop.lambda().lastEvent(HopChain.LEDGER).orElseThrow());
        assertThat(envelope).containsOnlyKeys("writ", "payload");
        assertThat((Map<String, Object>) envelope.get("payload")).containsEntry("payment", parentId);
        Jws child = CompactJws.parse((String) envelope.get("writ"));
        assertThat(child.payload()).containsEntry("par", parentId).containsEntry("txn", txn).containsEntry("aud", HopChain.ledgerArn());

        // ledger-post runs after the caller was answered: its guard's records arrive in the same transaction.
        List<LineageRecord> ledger = ledgerRecords(txn);
        assertThat(ledger).as("ledger-post's records of %s", txn).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(LineageRecord.Type.VERIFICATION);
            assertThat(r.parent()).hasValue(parentId);
        });
        assertThat(ledger).noneSatisfy(r -> assertThat(r.type()).isEqualTo(LineageRecord.Type.DENIAL));
    }

    /** ledger-post's lineage records of {@code txn}, waiting (30 s at most) for its first. */
    private static List<LineageRecord> ledgerRecords(String txn) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        List<LineageRecord> ledger;
        do {
            ledger = TransactionLineage.of(dynamo, stack.lineageTable(), txn, 1).stream()
                    .filter(r -> r.chain().startsWith(HopChain.LEDGER + "#")).toList();
        } while (ledger.isEmpty() && System.currentTimeMillis() < end && sleep());
        return ledger;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(250);
        return true;
    }
}
