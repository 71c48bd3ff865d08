package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;
import static dev.writ.authorizer.ExchangeWorld.body;
import static dev.writ.authorizer.ExchangeWorld.callerArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.ChainVerdict;
import dev.writ.audit.LineageAudit;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.authorizer.sign.DelegatedWritSigner;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.jose.Signer;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.testsupport.Emulators;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The writ exchange over the real emulators: writs signed in {@code kms-delegated} mode on a KMS key
 * of moto (the authorizer's parent and the exchange's children alike), parents verified against
 * that key, single-use hops spent in a DynamoDB Local replay table, every answer appended to a
 * DynamoDB Local lineage table; every KMS request counted.
 */
class ExchangeIT {
    private static final String WRITE = callerArn(WRITE_ROLE, "payments-write");
    private static final AtomicLong KMS_CALLS = new AtomicLong();

    private static Supplier<DynamoDbClient> dynamo;
    private static String lineageTable;
    private static String replayTable;
    private static String keyArn;
    private static KmsClient kms;

    @BeforeAll
    static void setUp() {
        Emulators.require("DYNAMODB");
        Emulators.require("KMS");
        dynamo = DefaultDynamoDb.lazy();
        lineageTable = "writ-lineage-exchange-it-" + UUID.randomUUID();
        replayTable = "writ-replay-exchange-it-" + UUID.randomUUID();
        LineageTable.create(dynamo.get(), lineageTable);
        dynamo.get().createTable(DynamoDbReplayStore.tableDefinition(replayTable));
        keyArn = AwsClients.lazyKms().get().createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
        kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        KMS_CALLS.incrementAndGet();
                    }
                })).build();
    }

    private static VerifierConfig.Builder kmsTrust(Clock clock) {
        return VerifierConfig.builder().keys(new KmsKeyResolver(Set.of(keyArn), () -> kms))
                .trustedIssuers(Set.of(TestWorld.ISSUER)).clock(clock)
                .replayStore(new DynamoDbReplayStore(dynamo, replayTable));
    }

    private static LineageConfig lineageShard(int shard) {
        return LineageConfig.builder().table(lineageTable).shards(4).shard(shard).build();
    }

    /** An exchange over the sample bundle, signing with {@code signer}, recording on {@code lineage}'s chain. */
    private static WritExchange.Builder exchange(Signer signer, Clock clock, LineageConfig lineage) {
        return WritExchange.builder()
                .bundle(TestWorld.bundle())
                .verifier(kmsTrust(clock).build())
                .signer(() -> signer)
                .issuer(TestWorld.ISSUER)
                .account(ExchangeWorld.ACCOUNT)
                .region(ExchangeWorld.REGION)
                .clock(clock)
                .lineage(LineageWriter.create(lineage, dynamo))
                .log(new PrintStream(OutputStream.nullOutputStream()));
    }

    private static List<Map<String, AttributeValue>> chain(String chain) {
        return dynamo.get().query(r -> r.tableName(lineageTable).consistentRead(true)
                .keyConditionExpression("#c = :c").expressionAttributeNames(Map.of("#c", "chain"))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(chain)))).items();
    }

    private static Signer delegatedSigner(Clock clock) {
        return DelegatedWritSigner.create(KmsSigner.create(kms, keyArn), TestWorld.ISSUER, Duration.ofMinutes(15),
                Duration.ofMinutes(6), clock);
    }

    @Test
    void mintsWithoutKmsAndRecordsEveryAnswerOnItsChain() {
        Clock clock = Clock.systemUTC();
        Signer signer = delegatedSigner(clock);
        LineageConfig lineage = lineageShard(1);
        WritExchange exchange = exchange(signer, clock, lineage).build();
        long now = clock.instant().getEpochSecond();
        WritClaims parent = ExchangeWorld.parent("payments-write", "carl", List.of("clerk"), now).build();
        String parentWrit = WritCodec.encode(parent, signer);

        ExchangeResult first = exchange.exchange(body(parentWrit, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE);
        assertThat(first.isAllowed()).as(first.toString()).isTrue();
        long warm = KMS_CALLS.get();
        ExchangeResult toQueue = exchange.exchange(body(parentWrit, "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:123456789012:payment-events", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE);
        for (int i = 0; i < 5; i++) {
            assertThat(exchange.exchange(body(parentWrit, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE).isAllowed()).isTrue();
        }
        assertThat(KMS_CALLS.get()).as("KMS calls by warm exchanges").isEqualTo(warm);
        assertThat(toQueue.child().orElseThrow().audience()).containsExactly("arn:aws:lambda:us-east-1:123456789012:function:payments-notify");

        // The callee verifies the child with the key it already trusts.
        assertThat(new WritVerifier(kmsTrust(clock).build()).verifyHeld(first.token().orElseThrow(), ExchangeWorld.LEDGER_POST).isAllowed()).isTrue();

        // Every bad input, each with its code.
        String single = body(parentWrit, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, true);
        assertThat(exchange.exchange(single, WRITE).isAllowed()).isTrue();
        Map<String, ExchangeResult> refused = new java.util.LinkedHashMap<>();
        refused.put("REPLAYED", exchange.exchange(single, WRITE));
        refused.put("MISSING_WRIT", exchange.exchange(body(null, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE));
        refused.put("UNKNOWN_KEY", exchange.exchange(body(WritCodec.encode(parent, TestWorld.writSigner()),
                "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE));
        refused.put("EXPIRED", exchange.exchange(body(WritCodec.encode(parent.toBuilder().issuedAt(now - 200).notBefore(now - 200)
                .expiresAt(now - 100).build(), signer), "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE));
        refused.put("WRONG_AUDIENCE", exchange.exchange(body(parentWrit, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null),
                callerArn("payments-read-role", "payments-read")));
        refused.put("CALLER_MISMATCH", exchange.exchange(body(parentWrit, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null),
                "arn:aws:sts::210987654321:assumed-role/" + WRITE_ROLE + "/payments-write"));
        refused.put("POLICY_DENY", exchange.exchange(body(WritCodec.encode(ExchangeWorld.parent("payments-write", "sam",
                List.of("clerk", "suspended"), now).build(), signer), "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE));
        refused.put("UNBOUND_PAYLOAD", exchange.exchange(body(parentWrit, "lambda:Invoke", "ledger-post", null, null), WRITE));
        refused.put("DEPTH_EXCEEDED", exchange.exchange(body(WritCodec.encode(ExchangeWorld.parentAfterHops("payments-write", 4)
                .issuedAt(now).notBefore(now).expiresAt(now + 60).build(), signer), "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE));
        refused.forEach((code, result) -> assertThat(result.reason()).as(code).isEqualTo(code));
        WritExchange revoking = WritExchange.builder().bundle(TestWorld.bundle())
                .verifier(kmsTrust(clock).minimumBundleRevisions(Map.of("payments-api", 3L)).build())
                .signer(() -> signer).issuer(TestWorld.ISSUER).account(ExchangeWorld.ACCOUNT).region(ExchangeWorld.REGION).clock(clock)
                .log(new PrintStream(new ByteArrayOutputStream())).build();
        assertThat(revoking.exchange(body(parentWrit, "lambda:Invoke", "ledger-post", ExchangeWorld.PAYLOAD_DIGEST, null), WRITE).reason())
                .isEqualTo("REVOKED_BUNDLE");

        List<Map<String, AttributeValue>> items = chain("writ-exchange#1");
        assertThat(items).hasSize(8 + refused.size());
        assertThat(items).allSatisfy(item -> assertThat(item.get("type").s()).isEqualTo("exchange"));
        Map<String, AttributeValue> allowed = items.get(0);
        assertThat(allowed.get("execId").s()).isEqualTo(first.child().orElseThrow().id());
        assertThat(allowed.get("txn").s()).isEqualTo(parent.transaction().orElseThrow());
        assertThat(allowed.get("par").s()).isEqualTo(parent.id());
        assertThat(allowed.get("principal").s()).isEqualTo("carl");
        assertThat(allowed.get("decision").s()).isEqualTo("allow");
        List<String> refusals = items.subList(8, items.size()).stream().map(i -> i.get("reason").s()).toList();
        assertThat(refusals).containsExactly("REPLAYED determining=ledger-from-payments-write", "MISSING_WRIT caller=" + WRITE,
                "UNKNOWN_KEY caller=" + WRITE,
                "EXPIRED", "WRONG_AUDIENCE",
                "CALLER_MISMATCH caller=arn:aws:sts::210987654321:assumed-role/" + WRITE_ROLE + "/payments-write",
                "POLICY_DENY determining=suspended-hops", "UNBOUND_PAYLOAD", "DEPTH_EXCEEDED");
        assertThat(items.subList(8, items.size())).allSatisfy(i -> assertThat(i.get("decision").s()).isEqualTo("deny"));
        // The parent was read: its refusal names the transaction and the parent, as an allow does.
        Map<String, AttributeValue> unbound = items.get(8 + List.copyOf(refused.keySet()).indexOf("UNBOUND_PAYLOAD"));
        assertThat(unbound.get("txn").s()).isEqualTo(parent.transaction().orElseThrow());
        assertThat(unbound.get("par").s()).isEqualTo(parent.id());

        ChainVerdict verdict = LineageAudit.create(lineage, dynamo, Optional.empty()).verifyChain("writ-exchange#1", (c, n) -> { });
        assertThat(verdict.intact()).as(verdict.toJson()).isTrue();
    }

    /**
     * A hop whose manifest says {@code "payload": "any"} mints a child binding nothing for a request
     * without a digest, recorded as any allow; the sample's own ledger-post (bound) refuses the same
     * request in the test above.
     */
    @Test
    void aHopThatTakesAnyPayloadMintsAChildWithoutADigest(@TempDir Path dir) {
        Clock clock = Clock.systemUTC();
        Signer signer = delegatedSigner(clock);
        LineageConfig lineage = lineageShard(2);
        WritExchange exchange = exchange(signer, clock, lineage).bundle(TestWorld.sampleWithHops(dir, hops -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> ledger = new java.util.LinkedHashMap<>((Map<String, Object>) hops.get("lambda:Invoke ledger-post"));
            ledger.put("payload", "any");
            hops.put("lambda:Invoke ledger-post", ledger);
        })).build();
        WritClaims parent = ExchangeWorld.parent("payments-write", "carl", List.of("clerk"), clock.instant().getEpochSecond()).build();

        ExchangeResult result = exchange.exchange(body(WritCodec.encode(parent, signer), "lambda:Invoke", "ledger-post", null, null), WRITE);

        assertThat(result.isAllowed()).as(result.toString()).isTrue();
        assertThat(result.child().orElseThrow().inputs().isEmpty()).isTrue();
        assertThat(new WritVerifier(kmsTrust(clock).build()).verifyHeld(result.token().orElseThrow(), ExchangeWorld.LEDGER_POST)
                .isAllowed()).isTrue();
        List<Map<String, AttributeValue>> items = chain("writ-exchange#2");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("decision").s()).isEqualTo("allow");
            assertThat(item.get("execId").s()).isEqualTo(result.child().orElseThrow().id());
            assertThat(item.get("txn").s()).isEqualTo(parent.transaction().orElseThrow());
        });
    }
}
