package dev.writ.lambdaruntime;

import dev.writ.testsupport.Emulators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed sample's own hop, packaged: {@code CreatePayment} (guarded-payments.jar with the
 * layer, {@code PAYMENT_EVENTS_QUEUE_URL} and {@code WRIT_GUARD_EXCHANGE_URL} as the template sets
 * them) sends each accepted payment to the {@code payment-events} queue on moto; the guard's
 * interceptor gets the child writ from the packaged exchange (behind {@link ExchangeUrlStandIn}:
 * no SigV4 or IAM check) and attaches it as the message attribute {@code writ}. The queue's
 * messages go, as the event source mapping would hand them, to the packaged {@code NotifyPayment}
 * ({@code payments-notify}), which verifies each record's child on its own.
 */
class SampleHopIT {
    private static final String QUEUE = "payment-events";

    private static WritStack stack;
    private static PackagedFunction authorizer;
    private static PackagedFunction exchange;
    private static ExchangeUrlStandIn exchangeUrl;
    private static PackagedFunction payments;
    private static PackagedFunction notify;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static String queueUrl;
    private static String queueArn;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.create();
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        dynamo = Emulators.dynamoDb();
        queueUrl = sqs.createQueue(r -> r.queueName(QUEUE)).queueUrl();
        queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        authorizer = stack.startAuthorizer("kms-delegated");
        exchange = HopChain.startExchange(stack);
        exchangeUrl = new ExchangeUrlStandIn(exchange, HopChain.PAYMENTS_CALLER, HopChain.ACCOUNT);
        Map<String, String> env = new LinkedHashMap<>(stack.guardEnv(WritStack.PAYMENTS_FUNCTION));
        env.put("WRIT_GUARD_EXCHANGE_URL", exchangeUrl.url());
        env.put("PAYMENT_EVENTS_QUEUE_URL", queueUrl);
        // The jar's SDK sqs module must be visible to the layer's interceptor, as in Lambda's one class loader.
        payments = PackagedFunction.start(new PackagedFunction.Spec("writ-payments-events", List.of(Packaging.guardedPaymentsJar()),
                "dev.writ.examples.payments.CreatePayment", true, 1024, env, Map.of(), List.of(Packaging.guardedPaymentsJar())));
        notify = PackagedFunction.start(new PackagedFunction.Spec("writ-payments-notify", Packaging.guardedPaymentsJar(),
                "dev.writ.examples.payments.NotifyPayment", true, 1024, stack.guardEnv("payments-notify"), Map.of()));
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(notify, payments, exchangeUrl, exchange, authorizer, sqs, dynamo, stack);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAcceptedPaymentReachesPaymentsNotifyThroughTheQueueWithItsChildWritAndAForgedRecordDoesNot() throws Exception {
        Map<String, Object> authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120)).json();
        Map<String, Object> parent = CompactJws.parse((String) ((Map<String, Object>) authorized.get("context")).get("writ")).payload();
        String parentId = (String) parent.get("jti");

        PackagedFunction.Invocation answer = payments.invoke(RuntimeEvents.paymentsRequest(authorized, 120));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(201);
        String messageId = (String) Json.parseObject((String) answer.json().get("body")).get("event");
        Message sent = receive(messageId);
        assertThat(Json.parseObject(sent.body())).containsEntry("paymentId", parentId).containsEntry("principal", "carla");
        Map<String, Object> child = CompactJws.parse(sent.messageAttributes().get("writ").stringValue()).payload();
        assertThat(child.get("aud")).as("the consumer by the ARN it is deployed as").isEqualTo(PackagedFunction.arn("writ-payments-notify"));
        assertThat(child).containsEntry("par", parentId).containsEntry("txn", parent.get("txn"));

        // The same child on a message whose body was changed: bound to the body, so that record fails.
        Map<String, Object> forged = record(sent, "forged-1", sent.body().replace("carla", "mallory"));
        PackagedFunction.Invocation batch = notify.invoke(Json.write(Map.of("Records", List.of(record(sent, sent.messageId(), sent.body()), forged))));

        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) batch.json().get("batchItemFailures")).as(batch.body())
                .extracting(f -> f.get("itemIdentifier")).containsExactly("forged-1");
        assertThat(notify.output()).contains("\"notified\":\"" + parentId + "\"").doesNotContain("mallory");
        // authorizer, payments-write's verification and outcome, the exchange, payments-notify's verification and outcome
        List<LineageRecord> records = TransactionLineage.of(dynamo, stack.lineageTable(), (String) parent.get("txn"), 6);
        assertThat(records).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(LineageRecord.Type.EXCHANGE);
            assertThat(r.execId()).hasValue((String) child.get("jti"));
            assertThat(r.action()).hasValue("Payments::Action::\"SendPaymentEvent\"");
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.chain()).startsWith("payments-notify#");
            assertThat(r.type()).isEqualTo(LineageRecord.Type.VERIFICATION);
            assertThat(r.execId()).hasValue((String) child.get("jti"));
            assertThat(r.parent()).hasValue(parentId);
        });
    }

    /**
     * The message {@code messageId} from the queue. Earlier tests on the same moto server may have
     * left messages on {@code payment-events} (the bundle's hop names the queue, so the name cannot
     * be unique per test): they are skipped, not counted.
     */
    private static Message receive(String messageId) {
        List<String> seen = new ArrayList<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                if (m.messageId().equals(messageId)) {
                    return m;
                }
                seen.add(m.messageId());
            }
        }
        throw new AssertionError("message " + messageId + " not on " + QUEUE + "; seen " + seen);
    }

    /** One record of the SQS event Lambda's event source mapping builds from a received message. */
    private static Map<String, Object> record(Message message, String messageId, String body) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) ->
                attributes.put(name, Map.of("stringValue", value.stringValue(), "dataType", value.dataType())));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("messageId", messageId);
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", body);
        record.put("attributes", Map.of("ApproximateReceiveCount", "1"));
        record.put("messageAttributes", attributes);
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        return record;
    }
}
