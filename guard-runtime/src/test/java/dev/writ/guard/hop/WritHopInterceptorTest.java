package dev.writ.guard.hop;

import static dev.writ.guard.Fixtures.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.ToolGuard;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageRecordAccess;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.RequestInputs;
import dev.writ.guard.writ.Scope;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.TestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionRequest;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The hop interceptor on real SDK v2 clients (registered by the global interceptors file, as in a
 * function), with an in-process {@link LocalExchange} and requests stopped just before they
 * would be transmitted ({@link SentRequests}).
 */
class WritHopInterceptorTest {

    static final String QUEUE = "http://127.0.0.1:9/123456789012/payment-events";
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:payment-events";
    static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:payment-news";
    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:settle";

    private final List<LineageRecord.Draft> appended = new ArrayList<>();
    private final LineageRecorder recorder = draft -> {
        appended.add(draft);
        return null;
    };
    private final WritVerifier verifier = new WritVerifier(Fixtures.verifierConfig().build());
    private final LocalExchange exchange = new LocalExchange(verifier, FUNCTION, Fixtures.signer(), Fixtures.CLOCK)
            .consumer(QUEUE_ARN, "payments-notify").consumer(TOPIC, "payments-notify")
            .consumer("payments", "payments-audit").consumer(MACHINE, "settle-step")
            .consumer("arn:aws:lambda:us-east-1:123456789012:function:payments", "payments-audit");
    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(OutputStream.nullOutputStream())).lineage(recorder).hops(exchange).build());
    private final SentRequests sent = new SentRequests();
    private final SqsClient sqs = sent.configure(SqsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        pool.shutdownNow();
        sqs.close();
    }

    /** A direct-invoke writ for the guarded function, the parent of its hops. */
    static WritClaims.Builder parent() {
        return Fixtures.validWrit().request(null);
    }

    /** Runs {@code code} as user code of the guarded function, allowed with {@code parent}. */
    private void guarded(WritClaims parent, Runnable code) {
        guard.handle(Map.of("writ", Fixtures.token(parent)), new TestContext(FUNCTION), (e, c, writ) -> {
            code.run();
            return "ok";
        });
    }

    /** Makes an SDK call that {@link SentRequests} stops just before transmission. */
    static void call(Runnable sdkCall) {
        try {
            sdkCall.run();
        } catch (SentRequests.Stopped | SdkClientException stopped) {
            if (!(stopped instanceof SentRequests.Stopped) && !(stopped.getCause() instanceof SentRequests.Stopped)) {
                throw stopped;
            }
        }
    }

    private static String writAttribute(SendMessageRequest request) {
        return request.messageAttributes().get("writ").stringValue();
    }

    /** The {@code custom} members of the client context sent, after checking it went out as the header Lambda reads. */
    private Map<String, Object> sentCustom(String clientContext) {
        assertThat(sent.http.get(0).firstMatchingHeader("X-Amz-Client-Context")).contains(clientContext);
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = (Map<String, Object>) Json.parseObject(Base64.getDecoder().decode(clientContext)).get("custom");
        return custom;
    }

    private Writ verifiedAs(String token, String function, String key, String value) {
        RequestInputs inputs = k -> k.equals(key) ? List.of(value) : List.of();
        Verification v = verifier.verify(token, function, null, inputs);
        assertThat(v.isAllowed()).as("verification of the child writ: %s", v).isTrue();
        return v.writ().orElseThrow();
    }

    @Test
    void outsideAGuardedExecutionACallIsSentAsItWasMade() {
        call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("{}")));

        assertThat(sent.last(SendMessageRequest.class).messageAttributes()).doesNotContainKey("writ");
        assertThat(exchange.asked).isEmpty();
    }

    @Test
    void anSqsMessageCarriesAChildWritForItsConsumerBoundToItsBody() {
        WritClaims parent = parent().build();
        guarded(parent, () -> call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("{\"id\":7}"))));

        String child = writAttribute(sent.last(SendMessageRequest.class));
        Writ writ = verifiedAs(child, "payments-notify", BoundInputs.BODY, "{\"id\":7}");
        assertThat(writ.parent()).contains(parent.id());
        assertThat(writ.transaction()).contains("txn-1");
        assertThat(writ.subject()).isEqualTo(parent.subject());
        assertThat(writ.actor().orElseThrow().subjects()).containsExactly(FUNCTION);
        // The same writ on another body is refused by the consumer's guard.
        assertThat(verifier.verify(child, "payments-notify", null, k -> List.of("{\"id\":8}")).reason())
                .contains(ReasonCode.REQUEST_MISMATCH);
        assertThat(exchange.asked).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(HopKind.SQS_SEND);
            assertThat(r.target()).as("the queue by its ARN").isEqualTo(QUEUE_ARN);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:9/123456789012/payment-events, moto's: no region, the client's",
        "http://127.0.0.1:9/queue/us-east-1/123456789012/payment-events, LocalStack's path",
        "https://sqs.us-east-1.amazonaws.com/123456789012/payment-events, AWS's",
        "https://queue.amazonaws.com/123456789012/payment-events, AWS's legacy: no region, the client's",
        "http://sqs.us-east-1.localhost.localstack.cloud:4566/123456789012/payment-events, LocalStack's host"})
    void theExchangeIsAskedForTheQueueByItsArnWhateverFormItsUrlHas(String url, String form) {
        guarded(parent().build(), () -> call(() -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x"))));

        assertThat(exchange.asked).as(form).singleElement().satisfies(r -> assertThat(r.target()).isEqualTo(QUEUE_ARN));
        assertThat(sent.last(SendMessageRequest.class).queueUrl()).as("the URL is sent as given").isEqualTo(url);
    }

    @Test
    void aQueueUrlOfAnotherRegionThanTheClientsIsNotSentAndAScopeMustAllowBothQueues() {
        // The SDK sends it to the client's region (us-east-1); LocalStack delivers it to the URL's.
        String url = "https://sqs.eu-west-1.amazonaws.com/123456789012/payment-events";
        String euQueue = "arn:aws:sqs:eu-west-1:123456789012:payment-events";
        guarded(parent().build(), () -> assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")))
                .isInstanceOfSatisfying(WritHopException.class, e -> assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_NOT_POSSIBLE))
                .hasMessageContaining("names another region than the client's (us-east-1)"));
        for (String allowed : new String[] {QUEUE_ARN, euQueue}) {
            WritClaims scoped = parent().scope(new Scope(List.of("sqs:SendMessage"), List.of(allowed))).build();
            guarded(scoped, () -> assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")))
                    .isInstanceOfSatisfying(WritScopeException.class, e -> assertThat(e.resource()).isNotEqualTo(allowed)));
        }
        assertThat(sent.requests).isEmpty();
        assertThat(exchange.asked).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).first()
                .satisfies(d -> assertThat(LineageRecordAccess.json(d)).contains("\"resource\":\"" + QUEUE_ARN + " " + euQueue + "\""));
    }

    @Test
    void childWritsAreAskedOncePerExecutionTargetAndBody() {
        guarded(parent().build(), () -> {
            call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("same")));
            call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("same")));
            call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("other")));
        });
        assertThat(exchange.asked).hasSize(2);
        assertThat(writAttribute((SendMessageRequest) sent.requests.get(0)))
                .isEqualTo(writAttribute((SendMessageRequest) sent.requests.get(1)));

        guarded(parent().build(), () -> call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("same"))));
        assertThat(exchange.asked).as("a new execution asks again").hasSize(3);
    }

    @Test
    void everyEntryOfAnSqsBatchCarriesTheWritOfItsOwnBody() {
        guarded(parent().build(), () -> call(() -> sqs.sendMessageBatch(r -> r.queueUrl(QUEUE).entries(
                e -> e.id("a").messageBody("first"), e -> e.id("b").messageBody("second")))));

        SendMessageBatchRequest batch = sent.last(SendMessageBatchRequest.class);
        verifiedAs(batch.entries().get(0).messageAttributes().get("writ").stringValue(), "payments-notify",
                BoundInputs.BODY, "first");
        verifiedAs(batch.entries().get(1).messageAttributes().get("writ").stringValue(), "payments-notify",
                BoundInputs.BODY, "second");
    }

    @Test
    void snsPublishAndPublishBatchCarryTheWritAsAMessageAttribute() {
        try (SnsClient sns = sent.configure(SnsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> {
                call(() -> sns.publish(r -> r.topicArn(TOPIC).message("paid")));
                call(() -> sns.publishBatch(r -> r.topicArn(TOPIC).publishBatchRequestEntries(
                        e -> e.id("1").message("one"))));
            });
        }
        verifiedAs(((PublishRequest) sent.requests.get(0)).messageAttributes().get("writ").stringValue(),
                "payments-notify", BoundInputs.BODY, "paid");
        verifiedAs(((PublishBatchRequest) sent.requests.get(1)).publishBatchRequestEntries().get(0).messageAttributes()
                .get("writ").stringValue(), "payments-notify", BoundInputs.BODY, "one");
    }

    @Test
    void anEventBridgeEventCarriesTheWritInItsDetailBoundToTheRestOfIt() {
        try (EventBridgeClient events = sent.configure(EventBridgeClient.builder())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> events.putEvents(r -> r.entries(e -> e.eventBusName("payments")
                    .source("payments").detailType("PaymentCreated").detail("{\"amount\":100,\"id\":\"p-1\"}")))));
        }
        Map<String, Object> detail = Json.parseObject(sent.last(PutEventsRequest.class).entries().get(0).detail());
        assertThat(detail).containsEntry("id", "p-1").containsKey("_writ");
        verifiedAs((String) detail.get("_writ"), "payments-audit", BoundInputs.BODY, EventInspector.memberBody(detail));
    }

    @Test
    void anEventBridgeEntryOverItsLimitWithTheWritIsRefusedAndNothingIsSent() {
        // EventBridge counts Source, DetailType and Detail: this entry fits alone, not with the writ.
        String fitsAlone = "{\"notes\":\"" + "x".repeat(EventBridgeEvents.MAX_ENTRY_BYTES - 100) + "\"}";
        String tooLarge = "{\"notes\":\"" + "é".repeat(EventBridgeEvents.MAX_ENTRY_BYTES / 2) + "\"}";
        try (EventBridgeClient events = sent.configure(EventBridgeClient.builder())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> assertThatThrownBy(() -> events.putEvents(r -> r.entries(e -> e.eventBusName("payments")
                    .source("payments").detailType("PaymentCreated").detail(fitsAlone))))
                    .isInstanceOf(WritHopException.class).hasMessageContaining("events:PutEvents to payments: the entry with the writ is")
                    .hasMessageContaining("over EventBridge's limit of 1048576")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
            assertThat(exchange.asked).hasSize(1);
            guarded(parent().build(), () -> assertThatThrownBy(() -> events.putEvents(r -> r.entries(e -> e.source("payments")
                    .detailType("PaymentCreated").detail(tooLarge))))
                    .isInstanceOf(WritHopException.class).hasMessageContaining("events:PutEvents to default: the entry is 1048610 bytes")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
            assertThat(exchange.asked).as("no child asked for an entry too large without it").hasSize(1);
        }
        assertThat(sent.requests).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL)
                .extracting(d -> LineageRecordAccess.json(d).contains("\"reason\":\"HOP_TOO_LARGE\"")).containsExactly(true, true);
    }

    @Test
    void anEventBridgeEntryIsMeasuredAsEventBridgeCountsIt() {
        // Time is 14 bytes whatever its value; Source, DetailType, Detail and each resource as UTF-8.
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().time(Instant.EPOCH).source("é")
                .detailType("ab").detail("{}").resources("r1", "€").eventBusName("not counted").build();
        assertThat(EventBridgeEvents.bytes(entry)).isEqualTo(14 + 2 + 2 + 2 + 2 + 3);
        assertThat(EventBridgeEvents.bytes(PutEventsRequestEntry.builder().build())).isZero();
    }

    @Test
    void anSnsMessageOverTheLargestTopicLimitWithTheWritIsRefusedAndNothingIsSent() {
        String fitsAlone = "x".repeat(SnsMessages.MAX_MESSAGE_BYTES - 20);
        String tooLarge = "é".repeat(SnsMessages.MAX_MESSAGE_BYTES / 2 + 1);
        try (SnsClient sns = sent.configure(SnsClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> assertThatThrownBy(() -> sns.publish(r -> r.topicArn(TOPIC).message(fitsAlone)))
                    .isInstanceOf(WritHopException.class)
                    .hasMessageContaining("sns:Publish to " + TOPIC + ": the message with its attributes and the writ is")
                    .hasMessageContaining("over SNS's limit of 1048576")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
            assertThat(exchange.asked).hasSize(1);
            guarded(parent().build(), () -> assertThatThrownBy(() -> sns.publishBatch(r -> r.topicArn(TOPIC)
                    .publishBatchRequestEntries(e -> e.id("1").message(tooLarge))))
                    .isInstanceOf(WritHopException.class).hasMessageContaining(": the message with its attributes is 1048578 bytes")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
            assertThat(exchange.asked).as("no child asked for a message too large without it").hasSize(1);
        }
        assertThat(sent.requests).isEmpty();
    }

    @Test
    void anSnsMessageIsMeasuredWithEachAttributesNameTypeAndValue() {
        Map<String, MessageAttributeValue> attributes = Map.of(
                "k", MessageAttributeValue.builder().dataType("String").stringValue("é").build(),
                "b", MessageAttributeValue.builder().dataType("Binary")
                        .binaryValue(SdkBytes.fromByteArray(new byte[5])).build());
        assertThat(SnsMessages.bytes("ab", attributes)).isEqualTo(2 + (1 + 6 + 2) + (1 + 6 + 5));
    }

    @Test
    void aSizeLimitAllowsItsLimitAndRefusesOneByteMore() {
        SizeLimit limit = new SizeLimit("Test's", 10, "10 B");
        limit.require(10, "the call");
        assertThatThrownBy(() -> limit.require(11, "the call")).isInstanceOf(WritHopException.class)
                .hasMessage("the call is 11 bytes, over Test's limit of 10 (10 B)")
                .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE));
    }

    @Test
    void aStepFunctionsExecutionCarriesTheWritInItsInput() {
        try (SfnClient sfn = sent.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> sfn.startExecution(r -> r.stateMachineArn(MACHINE))));
        }
        Map<String, Object> input = Json.parseObject(sent.last(StartExecutionRequest.class).input());
        verifiedAs((String) input.get("_writ"), "settle-step", BoundInputs.BODY, "{}");
    }

    @Test
    void aSynchronousExpressExecutionCarriesTheWritInItsInputAndReplacesOneAlreadyThere() {
        // A task passing on the input it was started with: its own writ is replaced, not forwarded.
        String stale = Fixtures.token(parent().build());
        try (SfnClient sfn = sent.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> sfn.startSyncExecution(r -> r.stateMachineArn(MACHINE)
                    .input("{\"amount\":100,\"_writ\":\"" + stale + "\",\"id\":\"p-1\"}"))));
        }
        Map<String, Object> input = Json.parseObject(sent.last(StartSyncExecutionRequest.class).input());
        assertThat(input).containsEntry("id", "p-1").containsOnlyKeys("amount", "id", "_writ");
        assertThat(input.get("_writ")).isNotEqualTo(stale);
        Writ child = verifiedAs((String) input.get("_writ"), "settle-step", BoundInputs.BODY, "{\"amount\":100,\"id\":\"p-1\"}");
        assertThat(child.resource()).contains(MACHINE);
        assertThat(exchange.asked).singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo(HopKind.STATES_START));
    }

    @Test
    void anExecutionInputThatIsNotAJsonObjectIsRefusedBeforeAChildIsAskedForAndNothingIsSent() {
        try (SfnClient sfn = sent.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String input : new String[] {"[1,2]", "\"paid\"", "not json", "{\"a\":1,\"a\":2}"}) {
                guarded(parent().build(), () -> assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(MACHINE).input(input)))
                        .as("input %s", input)
                        .isInstanceOf(WritHopException.class).hasMessageContaining("states:StartExecution of " + MACHINE)
                        .hasMessageContaining("not a JSON object")
                        .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_NOT_POSSIBLE)));
            }
        }
        assertThat(sent.requests).isEmpty();
        assertThat(exchange.asked).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).hasSize(4)
                .allSatisfy(d -> assertThat(LineageRecordAccess.json(d)).contains("\"action\":\"states:StartExecution\"")
                        .contains("\"resource\":\"" + MACHINE + "\"").contains("\"reason\":\"HOP_NOT_POSSIBLE\""));
    }

    @Test
    void anExecutionInputOverStepFunctionsLimitWithTheWritIsRefusedAndNothingIsSent() {
        // Fits alone, not with the writ: the child was asked for, and the call is not sent.
        String fitsAlone = "{\"notes\":\"" + "x".repeat(StepFunctionsInputs.MAX_INPUT_BYTES - 20) + "\"}";
        // Over the limit already: no child is asked for.
        String tooLarge = "{\"notes\":\"" + "é".repeat(StepFunctionsInputs.MAX_INPUT_BYTES / 2) + "\"}";
        try (SfnClient sfn = sent.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> assertThatThrownBy(() -> sfn.startSyncExecution(r -> r.stateMachineArn(MACHINE).input(fitsAlone)))
                    .isInstanceOf(WritHopException.class).hasMessageContaining("states:StartSyncExecution of " + MACHINE + ": the input with the writ is")
                    .hasMessageContaining("over Step Functions' limit of 262144")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
            assertThat(exchange.asked).hasSize(1);
            guarded(parent().build(), () -> assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(MACHINE).input(tooLarge)))
                    .isInstanceOf(WritHopException.class).hasMessageContaining(": the input is 262156 bytes")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
            assertThat(exchange.asked).as("no child asked for an input too large without it").hasSize(1);
        }
        assertThat(sent.requests).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL)
                .extracting(d -> LineageRecordAccess.json(d).contains("\"reason\":\"HOP_TOO_LARGE\"")).containsExactly(true, true);
    }

    @Test
    void aLambdaInvokeCarriesTheWritInTheClientContextBoundToThePayload() {
        String custom = Base64.getEncoder().encodeToString("{\"custom\":{\"tenant\":\"t-1\"}}".getBytes(StandardCharsets.UTF_8));
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> lambda.invoke(r -> r.functionName("payments")
                    .clientContext(custom).payload(SdkBytes.fromUtf8String("{\"b\":1, \"a\":2}")))));
        }
        Map<String, Object> customs = sentCustom(sent.last(InvokeRequest.class).clientContext());
        assertThat(customs).containsEntry("tenant", "t-1");
        // The receiver binds the whole event (it has no envelope) as JCS.
        verifiedAs((String) customs.get("writ"), "payments-audit", BoundInputs.PAYLOAD, "{\"a\":2,\"b\":1}");
    }

    @ParameterizedTest
    @CsvSource({
        "payments, arn:aws:lambda:us-east-1:123456789012:function:payments",
        "arn:aws:lambda:us-east-1:123456789012:function:payments, arn:aws:lambda:us-east-1:123456789012:function:payments",
        "123456789012:function:payments, arn:aws:lambda:us-east-1:123456789012:function:payments",
        "payments:live, arn:aws:lambda:us-east-1:123456789012:function:payments:live",
        "123456789012:function:payments:$LATEST, arn:aws:lambda:us-east-1:123456789012:function:payments:$LATEST",
    })
    void aLambdaInvokeNamesItsFunctionToTheExchangeByNameOrArnAsLambdaResolvesIt(String functionName, String target) {
        // The exchange binds the child to the function's ARN: the guard sends every form Lambda takes
        // as the ARN it resolves to (call's region, execution's account), which the exchange could not know.
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> lambda.invoke(r -> r.functionName(functionName)
                    .payload(SdkBytes.fromUtf8String("{}")))));
        }
        assertThat(exchange.asked).singleElement().satisfies(r -> assertThat(r.target()).isEqualTo(target));
        assertThat(sent.last(InvokeRequest.class).functionName()).as("the call itself is sent as made").isEqualTo(functionName);
    }

    @Test
    void aClientContextOverLambdasLimitIsRefusedAndNothingIsSent() {
        String big = Base64.getEncoder().encodeToString(("{\"custom\":{\"pad\":\"" + "x".repeat(2400) + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("payments").clientContext(big)))
                    .isInstanceOf(WritHopException.class).hasMessageContaining("3583")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
        }
        assertThat(sent.requests).isEmpty();
    }

    @Test
    void aStreamedLambdaInvokeCarriesTheWritInTheClientContextAsASynchronousOneDoes() {
        String custom = Base64.getEncoder().encodeToString("{\"custom\":{\"tenant\":\"t-1\"}}".getBytes(StandardCharsets.UTF_8));
        WritClaims parent = parent().build();
        try (LambdaAsyncClient lambda = sent.configure(LambdaAsyncClient.builder()).httpClient(NettyNioAsyncHttpClient.create()).build()) {
            guarded(parent, () -> call(() -> lambda.invokeWithResponseStream(r -> r.functionName("payments")
                    .clientContext(custom).payload(SdkBytes.fromUtf8String("{\"b\":1, \"a\":2}")), ignoreStream())
                    .exceptionally(stopped -> null).join()));
        }
        Map<String, Object> customs = sentCustom(sent.last(InvokeWithResponseStreamRequest.class).clientContext());
        assertThat(customs).containsEntry("tenant", "t-1");
        // The callee's guard finds the child in the client context and runs the handler on the payload it was minted for.
        String ranUnder = guard.handle(Map.of("a", 2, "b", 1), new TestContext("payments-audit", Map.of("writ", (String) customs.get("writ"))),
                (event, lambdaContext, writ) -> writ.parent().orElseThrow());
        assertThat(ranUnder).isEqualTo(parent.id());
        assertThat(exchange.asked).singleElement().satisfies(r -> {
            assertThat(r.kind()).as("the callee reads it as from a synchronous invoke").isEqualTo(HopKind.LAMBDA_INVOKE);
            assertThat(r.inEnvelope()).isFalse();
        });
    }

    @Test
    void aStreamedInvokeWhoseClientContextWouldGoOverLambdasLimitIsRefusedAndNothingIsSent() {
        String big = Base64.getEncoder().encodeToString(("{\"custom\":{\"pad\":\"" + "x".repeat(2400) + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
        try (LambdaAsyncClient lambda = sent.configure(LambdaAsyncClient.builder()).httpClient(NettyNioAsyncHttpClient.create()).build()) {
            guarded(parent().build(), () -> assertThatThrownBy(() -> lambda.invokeWithResponseStream(
                    r -> r.functionName("payments").clientContext(big), ignoreStream()).join())
                    .rootCause().isInstanceOf(WritHopException.class).hasMessageContaining("lambda:InvokeWithResponseStream to arn:aws:lambda:us-east-1:123456789012:function:payments")
                    .hasMessageContaining("3583")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE)));
        }
        assertThat(sent.requests).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).singleElement()
                .satisfies(d -> assertThat(LineageRecordAccess.json(d)).contains("\"reason\":\"HOP_TOO_LARGE\""));
    }

    private static InvokeWithResponseStreamResponseHandler ignoreStream() {
        return InvokeWithResponseStreamResponseHandler.builder().subscriber(event -> { }).build();
    }

    @Test
    void anAsynchronousInvokeCarriesTheWritInTheEnvelopeBoundToThePayloadTheCalleeReads() {
        // Lambda drops the client context of an Event invoke, so the writ travels in the payload.
        String custom = Base64.getEncoder().encodeToString("{\"custom\":{\"tenant\":\"t-1\"}}".getBytes(StandardCharsets.UTF_8));
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> lambda.invoke(r -> r.functionName("payments").clientContext(custom)
                    .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"b\":1, \"a\":2}")))));
        }
        InvokeRequest invoke = sent.last(InvokeRequest.class);
        assertThat(invoke.clientContext()).as("the client context is left as the caller gave it").isEqualTo(custom);
        Map<String, Object> envelope = Json.parseObject(invoke.payload().asByteArray());
        assertThat(envelope).containsOnlyKeys("writ", "payload");
        assertThat(envelope.get("payload")).isEqualTo(Json.parseObject("{\"a\":2,\"b\":1}"));
        // What the callee's guard binds of this event is the caller's payload, as JCS.
        assertThat(EventInspector.boundPayload(envelope)).contains("{\"a\":2,\"b\":1}");
        verifiedAs((String) envelope.get("writ"), "payments-audit", BoundInputs.PAYLOAD, "{\"a\":2,\"b\":1}");
        assertThat(exchange.asked).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(HopKind.LAMBDA_INVOKE);
            assertThat(r.inEnvelope()).as("the exchange is told the child is not held to the client context").isTrue();
        });
    }

    @Test
    void aPayloadNoDigestBindsExactlyIsRefusedBeforeAChildIsAskedForAndNothingIsSent() {
        // 2^53 + 1 is canonical JSON 9007199254740992, as 2^53 is: a writ for one would run the other.
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            for (InvocationType type : new InvocationType[] {InvocationType.REQUEST_RESPONSE, InvocationType.EVENT}) {
                guarded(parent().build(), () -> assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("payments")
                        .invocationType(type).payload(SdkBytes.fromUtf8String("{\"n\":9007199254740993}"))))
                        .as("invocation type %s", type)
                        .isInstanceOf(WritHopException.class).hasMessageContaining("no canonical JSON that binds it exactly")
                        .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_NOT_POSSIBLE)));
            }
        }
        assertThat(sent.requests).isEmpty();
        assertThat(exchange.asked).isEmpty();
    }

    @Test
    void anAsynchronousInvokeWhosePayloadIsNotAJsonObjectIsRefusedBeforeAChildIsAskedForAndNothingIsSent() {
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String payload : new String[] {"[1,2]", "not json", null}) {
                guarded(parent().build(), () -> assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("payments")
                        .invocationType(InvocationType.EVENT).payload(payload == null ? null : SdkBytes.fromUtf8String(payload))))
                        .as("payload %s", payload)
                        .isInstanceOf(WritHopException.class).hasMessageContaining("not a JSON object")
                        .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_NOT_POSSIBLE)));
            }
        }
        assertThat(sent.requests).isEmpty();
        assertThat(exchange.asked).isEmpty();
    }

    @Test
    void anExchangeThatCannotBeReachedFailsTheCallAtOnceAndNothingIsSent() {
        exchange.unreachable = true;
        WritClaims parent = parent().build();
        guarded(parent, () -> assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("x")))
                .isInstanceOf(WritHopException.class)
                .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_UNAVAILABLE)));

        assertThat(sent.requests).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).singleElement().satisfies(d -> {
            assertThat(d.execId()).contains(parent.id());
            assertThat(LineageRecordAccess.json(d)).contains("\"action\":\"sqs:SendMessage\"")
                    .contains("\"resource\":\"" + QUEUE_ARN + "\"")
                    .contains("\"reason\":\"HOP_UNAVAILABLE exchange=UNREACHABLE\"");
        });
    }

    @Test
    void aRefusedCallOfAToolThatRanNamesTheToolInItsDenial() {
        exchange.unreachable = true;
        Map<String, Object> arguments = Map.of("payment_id", "p-7");
        WritClaims writ = parent().inputs(BoundInputs.ofValues(Map.of(BoundInputs.TOOL, "payments___refund_payment",
                BoundInputs.ARGS, BoundInputs.canonicalJson(arguments)))).build();
        Map<String, Object> event = Map.of("payment_id", "p-7", "_writ", Fixtures.token(writ));
        ToolGuard.of(guard).handleAgentCore(event, new TestContext(FUNCTION, Map.of("bedrockAgentCoreToolName", "payments___refund_payment")),
                (toolCall, c, w) -> {
                    assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("x"))).isInstanceOf(WritHopException.class);
                    return Map.of();
                });

        assertThat(sent.requests).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).singleElement()
                .satisfies(d -> assertThat(LineageRecordAccess.json(d)).contains("\"tool\":\"payments___refund_payment\"")
                        .contains("\"action\":\"sqs:SendMessage\""));
    }

    @Test
    void aHopTheExchangeRefusesIsNotSent() {
        exchange.refuse(QUEUE_ARN);
        guarded(parent().build(), () -> assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("x")))
                .isInstanceOf(WritHopException.class)
                .satisfies(e -> assertThat(((WritHopException) e).exchangeReason()).isEqualTo("POLICY_DENY")));
        assertThat(sent.requests).isEmpty();
    }

    @Test
    void aCallOutsideTheWritsScopeIsRefusedBeforeItIsSentAndRecorded() {
        WritClaims parent = parent().scope(new Scope(List.of("sqs:SendMessage"), List.of(QUEUE_ARN))).build();
        try (DynamoDbClient dynamo = sent.configure(DynamoDbClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent, () -> {
                call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("in scope")));
                assertThatThrownBy(() -> dynamo.putItem(r -> r.tableName("ledger").item(Map.of("id", AttributeValue.fromS("1")))))
                        .isInstanceOf(WritScopeException.class)
                        .satisfies(e -> assertThat(((WritScopeException) e).action()).isEqualTo("dynamodb:PutItem"));
                assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl("http://127.0.0.1:9/123456789012/other").messageBody("x")))
                        .isInstanceOf(WritScopeException.class)
                        .satisfies(e -> assertThat(((WritScopeException) e).resource())
                                .isEqualTo("arn:aws:sqs:us-east-1:123456789012:other"));
            });
        }
        assertThat(sent.requests).singleElement().isInstanceOf(SendMessageRequest.class);
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).hasSize(2).first().satisfies(d -> {
            assertThat(d.execId()).contains(parent.id());
            assertThat(LineageRecordAccess.json(d)).contains("\"reason\":\"OUT_OF_SCOPE\"")
                    .contains("\"action\":\"dynamodb:PutItem\"")
                    .contains("\"resource\":\"arn:aws:dynamodb:us-east-1:123456789012:table/ledger\"");
        });
    }

    @Test
    void aScopeNamingAStateMachineAllowsItsExecutionsAndRefusesAnotherMachinesNamingIt() {
        String other = "arn:aws:states:us-east-1:123456789012:stateMachine:refund";
        WritClaims parent = parent().scope(new Scope(List.of("states:StartExecution", "states:StartSyncExecution"),
                List.of(MACHINE))).build();
        try (SfnClient sfn = sent.configure(SfnClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent, () -> {
                call(() -> sfn.startExecution(r -> r.stateMachineArn(MACHINE)));
                call(() -> sfn.startSyncExecution(r -> r.stateMachineArn(MACHINE)));
                assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(other)))
                        .isInstanceOfSatisfying(WritScopeException.class, e -> assertThat(e.resource()).isEqualTo(other));
            });
        }
        assertThat(sent.requests).hasSize(2);
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).singleElement()
                .satisfies(d -> assertThat(LineageRecordAccess.json(d)).contains("\"action\":\"states:StartExecution\"")
                        .contains("\"resource\":\"" + other + "\"").contains("\"reason\":\"OUT_OF_SCOPE\""));
    }

    @Test
    void aScopeInIamsActionNamesAllowsTheOperationsIamAuthorizesByThem() {
        // The SDK's operations are Invoke and SendMessageBatch; IAM authorizes them as
        // lambda:InvokeFunction and sqs:SendMessage, which is how a bundle's scope writes them.
        WritClaims parent = parent().scope(new Scope(List.of("lambda:InvokeFunction", "sqs:SendMessage"),
                List.of("arn:aws:lambda:*:*:function:payments", QUEUE_ARN))).build();
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent, () -> {
                call(() -> lambda.invoke(r -> r.functionName("payments").payload(SdkBytes.fromUtf8String("{}"))));
                call(() -> sqs.sendMessageBatch(r -> r.queueUrl(QUEUE).entries(e -> e.id("1").messageBody("x"))));
                assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("other").payload(SdkBytes.fromUtf8String("{}"))))
                        .isInstanceOf(WritScopeException.class)
                        .satisfies(e -> assertThat(((WritScopeException) e).action()).isEqualTo("lambda:InvokeFunction"));
            });
        }
        assertThat(sent.requests).hasSize(2);
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).singleElement()
                .satisfies(d -> assertThat(LineageRecordAccess.json(d)).contains("\"action\":\"lambda:InvokeFunction\"")
                        .contains("\"reason\":\"OUT_OF_SCOPE\""));
    }

    @Test
    void aQualifierInTheNameAndTheSameQualifierParameterNameTheFunctionVersionLambdaInvokes() {
        // Lambda takes the qualifier once from either place: ledger-post:prod, not ledger-post:prod:prod.
        WritClaims parent = parent().scope(new Scope(List.of("lambda:InvokeFunction"),
                List.of("arn:aws:lambda:us-east-1:123456789012:function:ledger-post:prod"))).build();
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent, () -> {
                call(() -> lambda.invoke(r -> r.functionName("ledger-post:prod").qualifier("prod")
                        .payload(SdkBytes.fromUtf8String("{}"))));
                call(() -> lambda.invoke(r -> r.functionName("ledger-post").qualifier("prod")
                        .payload(SdkBytes.fromUtf8String("{}"))));
            });
        }
        assertThat(sent.requests).hasSize(2);
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).isEmpty();
    }

    @Test
    void anInvokeWhoseNameAndQualifierParameterNameDifferentQualifiersIsRefusedBeforeItIsSentAsLambdaWouldRefuseIt() {
        WritClaims parent = parent().scope(new Scope(List.of("lambda:InvokeFunction"), List.of("*"))).build();
        try (LambdaClient lambda = sent.configure(LambdaClient.builder()).httpClient(UrlConnectionHttpClient.create()).build()) {
            guarded(parent, () -> assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("ledger-post:prod")
                    .qualifier("live").payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(WritHopException.class).hasMessageContaining("different qualifiers")
                    .satisfies(e -> assertThat(((WritHopException) e).reason()).isEqualTo(WritHopException.Reason.HOP_NOT_POSSIBLE)));
        }
        assertThat(sent.requests).isEmpty();
        assertThat(exchange.asked).isEmpty();
        assertThat(appended).filteredOn(d -> d.type() == LineageRecord.Type.DENIAL).singleElement()
                .satisfies(d -> assertThat(LineageRecordAccess.json(d)).contains("\"action\":\"lambda:Invoke\"")
                        .contains("\"reason\":\"HOP_NOT_POSSIBLE\""));
    }

    @Test
    void anAsynchronousClientIsGovernedByTheExecutionThatCalledIt() {
        try (SqsAsyncClient async = sent.configure(SqsAsyncClient.builder()).httpClient(NettyNioAsyncHttpClient.create()).build()) {
            guarded(parent().build(), () -> call(() -> async.sendMessage(r -> r.queueUrl(QUEUE).messageBody("async"))
                    .exceptionally(stopped -> null).join()));
        }
        verifiedAs(writAttribute(sent.last(SendMessageRequest.class)), "payments-notify", BoundInputs.BODY, "async");
    }

    @Test
    void aThreadUserCodeHandsWorkToIsGovernedByTheOnlyRunningExecution() {
        guarded(parent().build(), () -> {
            try {
                pool.submit(() -> call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("pooled")))).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        verifiedAs(writAttribute(sent.last(SendMessageRequest.class)), "payments-notify", BoundInputs.BODY, "pooled");
    }

    @Test
    void aWholeBatchWithSeveralWritsHasNoSingleParentSoItsHopsAreNotSent() {
        SQSEvent batch = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String id : List.of("m-1", "m-2")) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(id);
            record.setBody(id);
            SQSEvent.MessageAttribute writ = new SQSEvent.MessageAttribute();
            writ.setDataType("String");
            writ.setStringValue(Fixtures.token(parent().build()));
            record.setMessageAttributes(Map.of("writ", writ));
            records.add(record);
        }
        batch.setRecords(records);

        guard.handle(batch, new TestContext(FUNCTION), (e, c, writ) -> {
            assertThatThrownBy(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("x")))
                    .isInstanceOfSatisfying(WritHopException.class,
                            h -> assertThat(h.reason()).isEqualTo(WritHopException.Reason.HOP_NOT_POSSIBLE));
            return "ok";
        });
        assertThat(sent.requests).isEmpty();
        assertThat(exchange.asked).isEmpty();
    }

    @Test
    void aCallFromAnUnboundThreadWhileSeveralExecutionsRunIsRefusedUnlessItsTaskIsWrapped() throws Exception {
        String token = Fixtures.token(parent().build());
        Writ one = verifier.verify(token, FUNCTION, null).writ().orElseThrow();
        GuardedExecution.Scope first = new GuardedExecution(token, List.of(one), FUNCTION, "aws", "123456789012",
                exchange, null).start();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (GuardedExecution.Scope second = new GuardedExecution("second", List.of(one), FUNCTION, "aws",
                    "123456789012", exchange, null).start()) {
                started.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        try {
            started.await();
            assertThatThrownBy(() -> pool.submit(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("x"))).get())
                    .hasCauseInstanceOf(WritScopeException.class).hasMessageContaining("GuardedExecution.wrap");

            pool.submit(GuardedExecution.wrap(() -> call(() -> sqs.sendMessage(r -> r.queueUrl(QUEUE).messageBody("y"))))).get();
            assertThat(exchange.asked).singleElement().satisfies(r -> assertThat(r.parentWrit()).isEqualTo(token));
        } finally {
            done.countDown();
            other.join();
            first.close();
        }
    }

    @Test
    void anAsynchronousCallWithoutItsWritFailsItsFutureAndIsNotSent() {
        exchange.unreachable = true;
        try (SqsAsyncClient async = sent.configure(SqsAsyncClient.builder()).httpClient(NettyNioAsyncHttpClient.create()).build()) {
            guarded(parent().build(), () -> assertThatThrownBy(() -> async.sendMessage(r -> r.queueUrl(QUEUE).messageBody("a"))
                    .join()).hasRootCauseInstanceOf(WritHopException.class));
        }
        assertThat(sent.requests).isEmpty();
    }
}
