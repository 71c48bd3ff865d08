package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.ACCOUNT;
import static dev.writ.authorizer.ExchangeWorld.REGION;
import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.body;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static dev.writ.authorizer.ExchangeWorld.parent;
import static dev.writ.authorizer.ExchangeWorld.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.guard.Guard;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.hop.SqsEvents;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.WritClaims;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A message hop's child (SQS, SNS, EventBridge, Step Functions) names its consumer by unqualified
 * function ARN in the exchange's account and region, only a target of that account and region gets
 * one, and a queue's child runs only on a record of that queue.
 */
class MessageHopBindingTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    private static final String WRITE = callerArn(WRITE_ROLE, "payments-write");
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String NOTIFY_ARN = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:payments-notify";
    private static final String EVENTS_QUEUE_ARN = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":payment-events";
    private static final String REFUNDS_QUEUE_ARN = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":refunds";
    private static final String TOPIC_ARN = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":payment-notifications";
    private static final String BODY = "{\"paymentId\":\"p-1001\"}";

    private static PolicyBundle bundle;

    private final List<LineageRecord> records = new ArrayList<>();

    /**
     * The sample bundle with payments-notify also consuming the refunds queue, a topic, a bus and a
     * state machine: one consumer of several targets, each its own hop; the topic's takes any payload.
     */
    @BeforeAll
    static void bundleWithMoreHops(@TempDir Path dir) {
        bundle = TestWorld.sampleWithHops(dir, hops -> {
            Object queueHop = hops.get("sqs:SendMessage payment-events");
            for (String key : List.of("sqs:SendMessage refunds", "events:PutEvents payments", "states:StartExecution settle")) {
                hops.put(key, queueHop);
            }
            // A topic published to with MessageStructure json sends each protocol its own body: nothing to bind.
            @SuppressWarnings("unchecked")
            Map<String, Object> anyPayload = new LinkedHashMap<>((Map<String, Object>) queueHop);
            anyPayload.put("payload", "any");
            hops.put("sns:Publish payment-notifications", anyPayload);
        });
    }

    private WritExchange.Builder exchange() {
        return ExchangeWorld.exchange(CLOCK, new ByteArrayOutputStream()).bundle(bundle).lineage(draft -> {
            LineageRecord sealed = LineageRecord.seal("writ-exchange#0", records.size(), "0".repeat(64), draft);
            records.add(sealed);
            return sealed;
        });
    }

    private static String clerkParent() {
        return sign(parent("payments-write", "carl", List.of("clerk")));
    }

    private ExchangeResult ask(String kind, String target) {
        return exchange().build().exchange(body(clerkParent(), kind, target, BoundInputs.digest(BODY), null), WRITE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs:SendMessage https://sqs.us-east-1.amazonaws.com/123456789012/payment-events",
        "sqs:SendMessage http://127.0.0.1:4566/123456789012/payment-events",
        "sns:Publish " + TOPIC_ARN,
        "events:PutEvents payments",
        "events:PutEvents arn:aws:events:us-east-1:123456789012:event-bus/payments",
        "states:StartExecution arn:aws:states:us-east-1:123456789012:stateMachine:settle"})
    void theChildNamesTheConsumerByItsFunctionArn(String hop) {
        String[] kindAndTarget = hop.split(" ", 2);
        WritClaims child = ask(kindAndTarget[0], kindAndTarget[1]).child().orElseThrow();

        assertThat(child.audience()).containsExactly(NOTIFY_ARN);
        assertThat(child.inputs().digests()).containsEntry(BoundInputs.BODY, BoundInputs.digest(BODY));
    }

    @Test
    void aConsumerDeployedUnderAnotherNameIsNamedByThatFunctionsArn() {
        WritClaims child = exchange().functionNames(Map.of("payments-notify", List.of("writ-PaymentsNotifyFunction-AbC123"))).build()
                .exchange(body(clerkParent(), "sqs:SendMessage", EVENTS_QUEUE_ARN, BoundInputs.digest(BODY), null), WRITE).child().orElseThrow();

        assertThat(child.audience()).containsExactly("arn:aws:lambda:" + REGION + ":" + ACCOUNT
                + ":function:writ-PaymentsNotifyFunction-AbC123");
    }

    @Test
    void aConsumerDeployedAsSeveralFunctionsIsNamedByEachOfTheirArns() {
        WritClaims child = exchange().functionNames(Map.of("payments-notify", List.of("notify-blue", "notify-green"))).build()
                .exchange(body(clerkParent(), "sqs:SendMessage", EVENTS_QUEUE_ARN, BoundInputs.digest(BODY), null), WRITE).child().orElseThrow();

        String functions = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:";
        assertThat(child.audience()).containsExactly(functions + "notify-blue", functions + "notify-green");
    }

    @Test
    void aQueuesChildBindsTheQueuesArnOtherKindsCannot() {
        assertThat(ask("sqs:SendMessage", "http://127.0.0.1:4566/123456789012/payment-events").child().orElseThrow()
                .inputs().digests()).containsEntry(BoundInputs.SOURCE_ARN, BoundInputs.digest(EVENTS_QUEUE_ARN));
        // A topic's message may arrive through a subscribed queue, whose record names the queue only; an
        // EventBridge event and a Step Functions task's input name no bus or state machine the sender cannot set.
        for (String hop : new String[] {"sns:Publish " + TOPIC_ARN, "events:PutEvents payments",
            "states:StartExecution arn:aws:states:us-east-1:123456789012:stateMachine:settle"}) {
            String[] kindAndTarget = hop.split(" ", 2);
            assertThat(ask(kindAndTarget[0], kindAndTarget[1]).child().orElseThrow().inputs().digests()).as(hop)
                    .doesNotContainKey(BoundInputs.SOURCE_ARN);
        }
    }

    @Test
    void onlyAHopThatTakesAnyPayloadMintsAChildBindingNoBody() {
        WritExchange exchange = exchange().build();

        WritClaims unbound = exchange.exchange(body(clerkParent(), "sns:Publish", TOPIC_ARN, null, null), WRITE).child().orElseThrow();

        assertThat(unbound.inputs().isEmpty()).isTrue();
        for (String hop : new String[] {"sqs:SendMessage " + EVENTS_QUEUE_ARN, "events:PutEvents payments",
            "states:StartExecution arn:aws:states:us-east-1:123456789012:stateMachine:settle"}) {
            String[] kindAndTarget = hop.split(" ", 2);
            ExchangeResult result = exchange.exchange(body(clerkParent(), kindAndTarget[0], kindAndTarget[1], null, null), WRITE);
            assertThat(result.reason()).as(hop).isEqualTo("UNBOUND_PAYLOAD");
            assertThat(result.token()).isEmpty();
        }
        assertThat(records).extracting(r -> r.reason().orElseThrow()).containsExactly("ALLOWED determining=events-from-payments-write",
                "UNBOUND_PAYLOAD", "UNBOUND_PAYLOAD", "UNBOUND_PAYLOAD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs:SendMessage https://sqs.us-east-1.amazonaws.com/210987654321/payment-events",
        "sqs:SendMessage https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events",
        "sqs:SendMessage arn:aws:sqs:us-east-1:210987654321:payment-events",
        "sns:Publish arn:aws:sns:us-east-1:210987654321:payment-notifications",
        "sns:Publish arn:aws:sns:eu-west-1:123456789012:payment-notifications",
        "events:PutEvents arn:aws:events:us-east-1:210987654321:event-bus/payments",
        "states:StartExecution arn:aws:states:eu-west-1:123456789012:stateMachine:settle",
        "states:StartExecution arn:aws-cn:states:us-east-1:123456789012:stateMachine:settle"})
    void aTargetOfAnotherAccountRegionOrPartitionGetsNoChild(String hop) {
        String[] kindAndTarget = hop.split(" ", 2);
        ExchangeResult result = ask(kindAndTarget[0], kindAndTarget[1]);

        assertThat(result.reason()).isEqualTo("FOREIGN_TARGET");
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.token()).isEmpty();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.decision()).contains("deny");
            assertThat(record.reason().orElseThrow()).startsWith("FOREIGN_TARGET target=arn:");
            assertThat(record.action()).contains("Payments::Action::\"SendPaymentEvent\"");
        });
    }

    @Test
    void theConsumerRunsTheChildOnlyOnARecordOfTheQueueItWasMintedFor() {
        String child = ask("sqs:SendMessage", "https://sqs.us-east-1.amazonaws.com/123456789012/payment-events").token().orElseThrow();
        Guard notify = TestWorld.guard("payments-notify", new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()), CLOCK);
        List<String> ran = new ArrayList<>();

        // payments-notify consumes both queues; the child for payment-events, replayed into refunds, does not run.
        SQSBatchResponse batch = notify.handleBatch(SqsEvents.batch(record("from-events", child, EVENTS_QUEUE_ARN),
                record("via-refunds", child, REFUNDS_QUEUE_ARN),
                record("from-elsewhere", child, "arn:aws:sqs:us-east-1:" + OTHER_ACCOUNT + ":payment-events"),
                record("no-source", child, null)), new TestContext("payments-notify"), (m, c, writ) -> ran.add(m.getMessageId()));

        assertThat(ran).containsExactly("from-events");
        assertThat(batch.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("via-refunds", "from-elsewhere", "no-source");
        assertThatThrownBy(() -> notify.handle(SqsEvents.batch(record("via-refunds", child, REFUNDS_QUEUE_ARN)),
                new TestContext("payments-notify"), (in, c, writ) -> "ran"))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
    }

    @Test
    void aSameNamedConsumerInAnotherAccountOrRegionRunsNothing() {
        String child = ask("sqs:SendMessage", EVENTS_QUEUE_ARN).token().orElseThrow();
        Guard notify = TestWorld.guard("payments-notify", new JWKSet(TestWorld.WRIT_KEY.toPublicJWK()), CLOCK);

        for (String elsewhere : new String[] {"arn:aws:lambda:us-east-1:" + OTHER_ACCOUNT + ":function:payments-notify",
            "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:payments-notify"}) {
            assertThatThrownBy(() -> notify.handle(SqsEvents.batch(record("m", child, EVENTS_QUEUE_ARN)),
                    new TestContext("payments-notify").invokedAs(elsewhere), (in, c, writ) -> "ran"))
                    .as(elsewhere).isInstanceOf(WritDeniedException.class).hasMessageContaining("WRONG_AUDIENCE");
        }
    }

    private static SQSEvent.SQSMessage record(String id, String writ, String queueArn) {
        return SqsEvents.record(id, BODY, writ, queueArn);
    }
}
