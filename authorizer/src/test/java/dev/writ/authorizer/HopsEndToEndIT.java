package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.authorizer.sign.DelegatedWritSigner;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.jose.Signer;
import dev.writ.core.json.Json;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.hop.GuardedExecution;
import dev.writ.guard.hop.HttpHopIssuer;
import dev.writ.guard.hop.SqsEvents;
import dev.writ.guard.hop.WritHopException;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.writ.Scope;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.testsupport.Emulators;
import dev.writ.testsupport.TestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The two halves of hops meet over HTTP on loopback: the guard's {@link HttpHopIssuer} signs its
 * requests with SigV4 (the test credentials scripts/test exports) and posts them to the real
 * {@link WritExchange}, served as a function URL with {@code AuthType: AWS_IAM} serves it. Parents
 * and children are signed {@code kms-delegated} on a moto KMS key, every guard and the exchange
 * append to one DynamoDB Local lineage table, and the message really travels through a moto SQS
 * queue. The flow: a writ as the authorizer mints it for {@code POST /payments} → guarded
 * {@code payments-write} → Lambda invoke of {@code ledger-post} (moto runs no code: the client
 * context sent is handed to ledger-post's real guard, as the Lambda runtime would) → SQS send to
 * {@code payment-events} → guarded consumer {@code payments-notify} through {@code Guard.handleBatch}.
 *
 * <p>What this loopback server does not do is AWS's: checking the SigV4 signature. It reads the
 * access key id from the signed request's {@code Authorization} header and reports the role
 * session that key belongs to as {@code requestContext.authorizer.iam.userArn}, refusing an
 * unsigned request as a function URL does (403).
 */
class HopsEndToEndIT {
    private static final Pattern SIGV4 = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([A-Z0-9a-z]+)/\\d{8}/([a-z0-9-]+)/lambda/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}");
    private static final String QUEUE = "payment-events";
    private static final Scope CREATE_PAYMENT_SCOPE = new Scope(List.of("lambda:InvokeFunction", "sqs:SendMessage"),
            List.of("arn:aws:lambda:*:*:function:ledger-post", "arn:aws:sqs:*:*:payment-events"));

    private static Supplier<DynamoDbClient> dynamo;
    private static String keyArn;
    private static Signer signer;
    private static SqsClient sqs;
    private static String queueUrl;
    private static String queueArn;
    private static HttpServer functionUrl;
    private static volatile WritExchange exchange;
    private static final List<String> callers = new CopyOnWriteArrayList<>();

    private String lineageTable;
    private LineageConfig lineage;
    private final List<String> clientContexts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void emulatorsAndFunctionUrl() throws IOException {
        Emulators.require("DYNAMODB");
        Emulators.require("KMS");
        Emulators.require("SQS");
        dynamo = DefaultDynamoDb.lazy();
        keyArn = AwsClients.lazyKms().get().createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
        signer = DelegatedWritSigner.create(KmsSigner.create(AwsClients.lazyKms().get(), keyArn), TestWorld.ISSUER,
                Duration.ofMinutes(15), Duration.ofMinutes(6), Clock.systemUTC());
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(r -> r.queueName(QUEUE)).queueUrl();
        queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        functionUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        functionUrl.createContext("/", HopsEndToEndIT::serve);
        functionUrl.start();
    }

    @AfterAll
    static void stop() {
        if (functionUrl != null) {
            functionUrl.stop(0);
        }
    }

    /**
     * The function URL: a request without a SigV4 authorization is 403 before the function runs;
     * else the exchange answers with the caller the access key belongs to (the test credentials are
     * payments-write's role session).
     */
    private static void serve(HttpExchange http) throws IOException {
        try (http) {
            String authorization = http.getRequestHeaders().getFirst("Authorization");
            Matcher signed = SIGV4.matcher(authorization == null ? "" : authorization);
            byte[] answer;
            int status;
            if (!"POST".equals(http.getRequestMethod()) || !signed.matches()
                    || http.getRequestHeaders().getFirst("X-Amz-Date") == null) {
                status = 403;
                answer = "{\"Message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                callers.add(signed.group(1) + " " + signed.group(2));
                String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                // The exchange is a function of its own, another process: its KMS and DynamoDB calls
                // are not the guarded execution's, which the interceptor would otherwise take this
                // borrowed thread's calls for.
                ExchangeResult result = GuardedExecution.asGuard(() -> exchange.exchange(body, callerArn(WRITE_ROLE, "payments-write")));
                status = result.status();
                answer = Json.writeBytes(result.toJson());
            }
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(status, answer.length);
            http.getResponseBody().write(answer);
        }
    }

    @BeforeEach
    void freshLineageAndQueue() {
        lineageTable = "writ-lineage-hops-it-" + UUID.randomUUID();
        LineageTable.create(dynamo.get(), lineageTable);
        lineage = LineageConfig.builder().table(lineageTable).shards(1).shard(0).build();
        drainQueue();
        exchange = WritExchange.builder()
                .bundle(TestWorld.bundle())
                .verifier(trust().build())
                .signer(() -> signer)
                .issuer(TestWorld.ISSUER)
                .account(ExchangeWorld.ACCOUNT)
                .region(ExchangeWorld.REGION)
                .lineage(LineageWriter.create(lineage, dynamo))
                .log(new PrintStream(OutputStream.nullOutputStream()))
                .build();
        callers.clear();
    }

    /** Deletes what an earlier test left on the queue (PurgeQueue may run once a minute only). */
    private static void drainQueue() {
        List<Message> left;
        do {
            left = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            left.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        } while (!left.isEmpty());
    }

    private static VerifierConfig.Builder trust() {
        return VerifierConfig.builder().keys(new KmsKeyResolver(Set.of(keyArn), AwsClients.lazyKms()))
                .trustedIssuers(Set.of(TestWorld.ISSUER));
    }

    private Guard guard(URI exchangeUrl) {
        GuardConfig.Builder config = GuardConfig.builder().verifier(trust().build())
                .lineage(LineageWriter.create(lineage, dynamo))
                .logTo(new PrintStream(OutputStream.nullOutputStream()));
        if (exchangeUrl != null) {
            config.hops(HttpHopIssuer.create(exchangeUrl));
        }
        return Guard.create(config.build());
    }

    private static URI exchangeUrl() {
        return URI.create("http://127.0.0.1:" + functionUrl.getAddress().getPort() + "/");
    }

    /** A writ as the authorizer mints it for {@code POST /payments}: the route's scope, a new txn. */
    private static WritClaims parent(String subject, List<String> groups) {
        long now = Clock.systemUTC().instant().getEpochSecond();
        return ExchangeWorld.parent("payments-write", subject, groups, now).scope(CREATE_PAYMENT_SCOPE).build();
    }

    /** payments-write's handler, unmodified SDK calls: post to the ledger, then tell the queue. */
    private String paymentsWrite(Guard guard, WritClaims parent, LambdaClient lambda) {
        return guard.handle(Map.of("writ", WritCodec.encode(parent, signer)),
                new TestContext("payments-write"), (event, context, writ) -> {
                    try {
                        lambda.invoke(r -> r.functionName("ledger-post").payload(SdkBytes.fromUtf8String("{\"amount\":100}")));
                    } catch (LambdaException notDeployedOnMoto) {
                        assertThat(notDeployedOnMoto.statusCode()).isEqualTo(404);
                    }
                    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"paymentId\":\"p-1\",\"amount\":100}"));
                    return "created";
                });
    }

    private LambdaClient lambda() {
        ExecutionInterceptor wire = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                context.httpRequest().firstMatchingHeader("X-Amz-Client-Context").ifPresent(clientContexts::add);
            }
        };
        return LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(wire)).build();
    }

    @Test
    void everyHopGetsItsChildFromTheExchangeAndTheWholeTransactionIsOneTxn() {
        WritClaims parent = parent("carl", List.of("clerk"));
        String txn = parent.transaction().orElseThrow();
        Guard write = guard(exchangeUrl());
        try (LambdaClient lambda = lambda()) {
            assertThat(paymentsWrite(write, parent, lambda)).isEqualTo("created");
        }
        assertThat(callers).as("both hops asked the exchange, SigV4-signed for service lambda").hasSize(2)
                .allSatisfy(c -> assertThat(c).isEqualTo(System.getenv("AWS_ACCESS_KEY_ID") + " " + System.getenv("AWS_REGION")));

        // ledger-post: the client context the invoke carried, verified by ledger-post's own guard.
        assertThat(clientContexts).hasSize(1);
        Map<String, Object> clientContext = Json.parseObject(new String(Base64.getDecoder().decode(clientContexts.get(0)),
                StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        String ledgerWrit = (String) ((Map<String, Object>) clientContext.get("custom")).get("writ");
        List<Writ> ran = new ArrayList<>();
        String posted = guard(null).handle(Map.of("amount", 100L), new TestContext("ledger-post", Map.of("writ", ledgerWrit)),
                (event, context, writ) -> {
                    ran.add(writ);
                    return "posted";
                });
        assertThat(posted).isEqualTo("posted");

        // payments-notify: the message that really went through the queue, plus a forged one.
        String forged = WritCodec.encode(ExchangeWorld.parent("payments-notify", "carl", List.of("clerk"),
                Clock.systemUTC().instant().getEpochSecond()).transaction(txn).build(), TestWorld.writSigner());
        String forgedId = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"paymentId\":\"p-2\"}")
                .messageAttributes(Map.of("writ", MessageAttributeValue.builder().dataType("String").stringValue(forged).build())))
                .messageId();
        SQSBatchResponse batch = guard(null).handleBatch(sqsEvent(receive(2)), new TestContext("payments-notify"),
                (record, context, writ) -> ran.add(writ));
        assertThat(batch.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(forgedId);

        assertThat(ran).hasSize(2);
        Writ ledger = ran.get(0);
        Writ notify = ran.get(1);
        assertThat(ledger.audience()).as("the callee by ARN: the call's region, the caller's account").containsExactly(ExchangeWorld.LEDGER_ARN);
        assertThat(notify.audience()).as("the consumer by ARN").containsExactly("arn:aws:lambda:" + ExchangeWorld.REGION + ":"
                + ExchangeWorld.ACCOUNT + ":function:payments-notify");
        for (Writ child : ran) {
            assertThat(child.transaction()).contains(txn);
            assertThat(child.parent()).contains(parent.id());
            assertThat(child.actor().orElseThrow().subjects()).containsExactly("payments-write");
            assertThat(child.subject()).isEqualTo("carl");
        }

        // Lineage: the guards' and the exchange's records, one txn, each record's par its parent's jti.
        List<Map<String, AttributeValue>> records = dynamo.get().scan(r -> r.tableName(lineageTable).consistentRead(true)).items();
        assertThat(records).extracting(r -> r.get("type").s() + " " + r.get("function").s() + " " + r.get("decision").s())
                .contains("verification payments-write allow", "exchange writ-exchange allow",
                        "verification ledger-post allow", "verification payments-notify allow", "denial payments-notify deny");
        assertThat(records).filteredOn(r -> r.get("type").s().equals("denial")).singleElement()
                .satisfies(r -> assertThat(r.get("reason").s()).isEqualTo("UNKNOWN_KEY"));
        List<Map<String, AttributeValue>> ofTxn = records.stream().filter(r -> r.containsKey("txn")).toList();
        assertThat(ofTxn).allSatisfy(r -> assertThat(r.get("txn").s()).isEqualTo(txn));
        assertThat(records.stream().filter(r -> r.get("type").s().equals("exchange")).toList()).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("par").s()).isEqualTo(parent.id());
            assertThat(Set.of(ledger.id(), notify.id())).contains(r.get("execId").s());
        });
        assertThat(records.stream().filter(r -> r.get("type").s().equals("verification")).toList())
                .allSatisfy(r -> assertThat(r.get("execId").s()).isEqualTo(switch (r.get("function").s()) {
                    case "payments-write" -> parent.id();
                    case "ledger-post" -> ledger.id();
                    default -> notify.id();
                }))
                .filteredOn(r -> !r.get("function").s().equals("payments-write"))
                .allSatisfy(r -> assertThat(r.get("par").s()).isEqualTo(parent.id()));
    }

    @Test
    void aRefusedHopIsNotSentAndFailsWithTheExchangesReason() {
        // sam is suspended: the bundle's suspended-hops policy forbids his hops.
        List<Throwable> thrown = invokeLedger(parent("sam", List.of("clerk", "suspended")), "{}");

        assertRefusedAndNotSent(thrown, "POLICY_DENY", "exchange POLICY_DENY determining=suspended-hops");
    }

    /**
     * A payload that is not a JSON object gives the child nothing to bind: the interceptor asks
     * without a digest, and the sample's ledger-post hop, which binds its payload, is refused.
     */
    @Test
    void aCallCarryingNothingTheChildCanBindIsNotSent() {
        List<Throwable> thrown = invokeLedger(parent("carl", List.of("clerk")), "[\"p-4\", 100]");

        assertRefusedAndNotSent(thrown, "UNBOUND_PAYLOAD", "exchange UNBOUND_PAYLOAD");
    }

    /** payments-write, holding {@code parent}, invokes ledger-post with {@code payload}; what the call threw. */
    private List<Throwable> invokeLedger(WritClaims parent, String payload) {
        Guard write = guard(exchangeUrl());
        List<Throwable> thrown = new ArrayList<>();
        try (LambdaClient lambda = lambda()) {
            write.handle(Map.of("writ", WritCodec.encode(parent, signer)),
                    new TestContext("payments-write"), (event, context, writ) -> {
                        try {
                            lambda.invoke(r -> r.functionName("ledger-post").payload(SdkBytes.fromUtf8String(payload)));
                        } catch (WritHopException e) {
                            thrown.add(e);
                        }
                        return "ran";
                    });
        }
        return thrown;
    }

    private void assertRefusedAndNotSent(List<Throwable> thrown, String exchangeReason, String exchangeRecord) {
        assertThat(clientContexts).as("nothing reached Lambda").isEmpty();
        assertThat(thrown).singleElement().isInstanceOfSatisfying(WritHopException.class, e -> {
            assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_REFUSED);
            assertThat(e.exchangeReason()).isEqualTo(exchangeReason);
        });
        List<Map<String, AttributeValue>> records = dynamo.get().scan(r -> r.tableName(lineageTable).consistentRead(true)).items();
        assertThat(records).filteredOn(r -> r.containsKey("reason")).extracting(r -> r.get("type").s() + " " + r.get("reason").s())
                .contains(exchangeRecord, "denial HOP_REFUSED exchange=" + exchangeReason);
    }

    @Test
    void anUnreachableExchangeFailsTheCallAtOnceAndNothingIsSent() throws IOException {
        URI closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }
        Guard write = guard(closed);
        List<Throwable> thrown = new ArrayList<>();
        write.handle(Map.of("writ", WritCodec.encode(parent("carl", List.of("clerk")), signer)),
                new TestContext("payments-write"), (event, context, writ) -> {
                    long started = System.nanoTime();
                    try {
                        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"paymentId\":\"p-3\"}"));
                    } catch (WritHopException e) {
                        thrown.add(e);
                    }
                    // At once: no retry, no wait for the 2 s connect timeout on a refused connection.
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                    return "ran";
                });
        assertThat(thrown).singleElement().isInstanceOfSatisfying(WritHopException.class, e -> {
            assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_UNAVAILABLE);
            assertThat(e.exchangeReason()).isEqualTo("UNREACHABLE");
        });
        assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages()).as("nothing was queued").isEmpty();
    }

    @Test
    void anUnsignedRequestIsForbiddenByTheFunctionUrl() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(exchangeUrl())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(callers).isEmpty();
    }

    private static List<Message> receive(int count) {
        return SqsEvents.receive(sqs, queueUrl, count);
    }

    private static SQSEvent sqsEvent(List<Message> messages) {
        return SqsEvents.of(messages, queueArn);
    }
}
