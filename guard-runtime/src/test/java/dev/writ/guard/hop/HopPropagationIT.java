package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.json.Json;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TestContext;
import dev.writ.testsupport.TestJwks;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Hops over real queues, topics and buses (moto on loopback, started by scripts/test): a guarded
 * producer's unmodified SDK calls carry child writs from an in-process exchange (real verifier,
 * local signer), the messages really travel, and a guarded consumer verifies what arrives. Lambda:
 * moto runs no code, so the invoke is answered 404 and the client context that was sent is handed
 * to the callee's guard as the Lambda runtime would.
 */
class HopPropagationIT {

    private static final String PRODUCER = HopParties.PRODUCER;
    private static final String CONSUMER = "payments-notify";

    private static SqsClient sqs;
    private static SnsClient sns;
    private static EventBridgeClient events;

    private final HopParties parties = new HopParties();
    private final LocalExchange exchange = parties.exchange;
    private final Guard consumer = parties.consumer;
    private final List<Writ> consumed = new CopyOnWriteArrayList<>();
    private final String unique = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void clients() {
        Emulators.require("SQS");
        Emulators.require("SNS");
        Emulators.require("EVENTBRIDGE");
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        sns = SnsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void noExecutionLeftRunning() {
        assertThat(GuardedExecution.current()).isNull();
    }

    private void produce(WritClaims parent, Runnable code) {
        parties.produce(parent, code);
    }

    private String queue(String name) {
        return sqs.createQueue(r -> r.queueName(name + "-" + unique)).queueUrl();
    }

    private static String arnOf(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<Message> receive(String queueUrl, int count) {
        return SqsEvents.receive(sqs, queueUrl, count);
    }

    private static SQSEvent sqsEvent(List<Message> messages, String queueArn) {
        return SqsEvents.of(messages, queueArn);
    }

    private SQSBatchResponse consume(SQSEvent event) {
        return consumer.handleBatch(event, new TestContext(CONSUMER), (record, c, writ) -> consumed.add(writ));
    }

    @Test
    void sqsMessagesCarryTheirWritsThroughARealQueueAndAForgedOneIsFailedAlone() {
        String queue = queue("payment-events");
        // The interceptor names the queue by the ARN it derives from the URL: the one the service reports.
        exchange.consumer(arnOf(queue), CONSUMER);
        WritClaims parent = WritHopInterceptorTest.parent().build();
        produce(parent, () -> {
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"n\":1}"));
            sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(e -> e.id("a").messageBody("{\"n\":2}"),
                    e -> e.id("b").messageBody("{\"n\":3}")));
        });
        // Sent by someone without the issuer's key, outside any guard.
        String forged = WritCodec.encode(Fixtures.validWrit().request(null).audience(CONSUMER).build(),
                LocalSigner.fromJwk(TestJwks.forAlgorithm("ES256").toJSONString()));
        String forgedId = sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"n\":4}").messageAttributes(Map.of("writ",
                MessageAttributeValue.builder().dataType("String").stringValue(forged).build()))).messageId();

        SQSBatchResponse response = consume(sqsEvent(receive(queue, 4), arnOf(queue)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(forgedId);
        assertThat(consumed).hasSize(3).allSatisfy(writ -> {
            assertThat(writ.parent()).contains(parent.id());
            assertThat(writ.transaction()).contains("txn-1");
            assertThat(writ.actor().orElseThrow().subjects()).containsExactly(PRODUCER);
        });
        assertThat(exchange.asked).hasSize(3);
        assertThat(exchange.targets()).containsOnly(arnOf(queue));
    }

    @Test
    void anSnsPublishReachesAQueueSubscriberWithItsWrit() {
        String queue = queue("payment-news-subscriber");
        String topic = sns.createTopic(r -> r.name("payment-news-" + unique)).topicArn();
        sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arnOf(queue))
                .attributes(Map.of("RawMessageDelivery", "true")));
        exchange.consumer(topic, CONSUMER);
        produce(WritHopInterceptorTest.parent().build(), () -> sns.publish(r -> r.topicArn(topic).message("paid p-1")));

        SQSBatchResponse response = consume(sqsEvent(receive(queue, 1), arnOf(queue)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(consumed).singleElement().satisfies(writ -> assertThat(writ.action()).contains("sns:Publish"));
    }

    @Test
    void anEventBridgeEventReachesItsRuleTargetWithItsWrit() {
        String queue = queue("payment-bus-target");
        String bus = "payments-" + unique;
        events.createEventBus(r -> r.name(bus));
        events.putRule(r -> r.name("to-queue").eventBusName(bus).eventPattern("{\"source\":[\"payments\"]}"));
        events.putTargets(r -> r.rule("to-queue").eventBusName(bus).targets(t -> t.id("queue").arn(arnOf(queue))));
        exchange.consumer(bus, CONSUMER);
        produce(WritHopInterceptorTest.parent().build(), () -> events.putEvents(r -> r.entries(e -> e.eventBusName(bus)
                .source("payments").detailType("PaymentCreated").detail("{\"paymentId\":\"p-1\"}"))));

        Map<String, Object> delivered = Json.parseObject(receive(queue, 1).get(0).body());
        String ran = consumer.handle(delivered, new TestContext(CONSUMER), (e, c, writ) -> {
            consumed.add(writ);
            return "ran";
        });

        assertThat(ran).isEqualTo("ran");
        assertThat(consumed).singleElement().satisfies(writ -> assertThat(writ.action()).contains("events:PutEvents"));
    }

    @Test
    void aLambdaInvokeSendsTheWritInItsClientContext() {
        List<String> clientContexts = new CopyOnWriteArrayList<>();
        ExecutionInterceptor wire = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                context.httpRequest().firstMatchingHeader("X-Amz-Client-Context").ifPresent(clientContexts::add);
            }
        };
        // No consumer mapping: the child names the target as the guard sent it, the ARN (client's
        // region, this execution's account) the callee's guard is invoked as.
        try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(wire)).build()) {
            produce(WritHopInterceptorTest.parent().build(), () -> {
                try {
                    lambda.invoke(r -> r.functionName("ledger-post").payload(SdkBytes.fromUtf8String("{\"amount\":5}")));
                } catch (LambdaException notDeployedOnMoto) {
                    assertThat(notDeployedOnMoto.statusCode()).isEqualTo(404);
                }
            });
        }

        assertThat(clientContexts).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = (Map<String, Object>) Json.parseObject(
                new String(Base64.getDecoder().decode(clientContexts.get(0)), StandardCharsets.UTF_8)).get("custom");
        String ran = consumer.handle(Map.of("amount", 5L), new TestContext("ledger-post", Map.of("writ", (String) custom.get("writ"))),
                (e, c, writ) -> "ran");
        assertThat(ran).isEqualTo("ran");
    }
}
