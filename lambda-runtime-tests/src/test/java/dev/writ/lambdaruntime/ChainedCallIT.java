package dev.writ.lambdaruntime;

import dev.writ.testsupport.Emulators;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.writ.BoundInputs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * A chained call where caller, exchange and callee are all packaged functions under the runtime
 * emulator: the REST authorizer mints {@code payments-write}'s writ; {@code PaymentThenLedger}
 * (guard layer, its code makes a plain SDK {@code Invoke}) gets a child writ from the packaged
 * {@code ExchangeFunction} through its interceptor and invokes {@code ledger-post}, whose guard
 * verifies the child from the client context. What stands in for AWS, and what it does not do:
 * {@link ExchangeUrlStandIn} (no SigV4 or IAM check: the caller identity is the one the template's
 * IAM gives payments-write) and {@link LambdaInvokeApi} (routing and the client context header).
 */
class ChainedCallIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static WritStack stack;
    private static PackagedFunction authorizer;
    private static HopChain hop;
    private static LambdaClient lambda;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        stack = WritStack.create();
        authorizer = stack.startAuthorizer("kms-delegated");
        hop = HopChain.guarded(stack);
        lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(hop.lambda().endpoint())).build();
        dynamo = Emulators.dynamoDb();
    }

    @AfterAll
    static void stop() {
        Processes.closeAll(lambda, dynamo, hop, authorizer, stack);
    }

    /** The REST authorizer's answer for a clerk's POST /payments (a fresh writ each time). */
    private static Map<String, Object> authorize() {
        PackagedFunction.Invocation answer = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @SuppressWarnings("unchecked")
    private static String writ(Map<String, Object> authorized) {
        return (String) ((Map<String, Object>) authorized.get("context")).get("writ");
    }

    private static Map<String, Object> claims(String writ) {
        return CompactJws.parse(writ).payload();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCallersChildWritFromThePackagedExchangeIsVerifiedByThePackagedLedgerInOneTransaction() {
        Map<String, Object> authorized = authorize();
        Map<String, Object> parent = claims(writ(authorized));
        String parentId = (String) parent.get("jti");
        String txn = (String) parent.get("txn");

        PackagedFunction.Invocation answer = hop.caller().invoke(RuntimeEvents.paymentsRequest(authorized, 120));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("statusCode")).as(answer.body()).isEqualTo(201);
        Map<String, Object> ledger = (Map<String, Object>) Json.parseObject((String) answer.json().get("body")).get("ledger");
        assertThat(ledger).as(answer.body()).containsEntry("posted", parentId).containsEntry("principal", "carla")
                .containsEntry("txn", txn).containsEntry("par", parentId)
                .containsEntry("act", List.of(WritStack.PAYMENTS_FUNCTION));
        String childId = (String) ledger.get("execId");
        assertThat(childId).isNotEqualTo(parentId);

        // Where the interceptor put it: the client context's custom.writ, a writ for ledger-post.
        Map<String, Object> sent = Json.parseObject(hop.lambda().lastClientContext(HopChain.LEDGER).orElseThrow());
        Map<String, Object> child = claims((String) ((Map<String, Object>) sent.get("custom")).get("writ"));
        assertThat(child).containsEntry("jti", childId).containsEntry("sub", "carla").containsEntry("txn", txn);
        assertThat(child.get("aud")).as("ledger-post by its ARN, as the runtime invokes it").isEqualTo(HopChain.ledgerArn());

        // Lineage, one txn: the caller's execution, the exchange that minted the child (asked by the
        // execution its par names), the ledger's verification of the child.
        List<LineageRecord> records = TransactionLineage.of(dynamo, stack.lineageTable(), txn, 4);
        assertThat(records).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(LineageRecord.Type.EXCHANGE);
            assertThat(r.decision()).hasValue("allow");
            assertThat(r.execId()).hasValue(childId);
            assertThat(r.parent()).hasValue(parentId);
            assertThat(r.principal()).hasValue("carla");
            assertThat(r.action()).hasValue("Payments::Action::\"InvokeLedger\"");
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.chain()).startsWith(HopChain.LEDGER + "#");
            assertThat(r.type()).isEqualTo(LineageRecord.Type.VERIFICATION);
            assertThat(r.decision()).hasValue("allow");
            assertThat(r.execId()).hasValue(childId);
            assertThat(r.parent()).hasValue(parentId);
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.chain()).startsWith(WritStack.PAYMENTS_FUNCTION + "#");
            assertThat(r.type()).isEqualTo(LineageRecord.Type.VERIFICATION);
            assertThat(r.execId()).hasValue(parentId);
        });
    }

    @Test
    void theLedgerDeniesAnInvocationWithoutAWrit() {
        InvokeResponse response = lambda.invoke(r -> r.functionName(HopChain.ledgerArn())
                .payload(SdkBytes.fromUtf8String(posting("p-" + UUID.randomUUID()))));

        assertDenied(response, "MISSING_WRIT");
    }

    @Test
    void theLedgerDeniesAChildWritTheExchangeMintedForAnotherTarget() {
        // payments-write's hop to the payment-events queue: a child for the queue's consumer, payments-notify.
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("writ", writ(authorize()));
        request.put("kind", "sqs:SendMessage");
        request.put("target", "https://sqs.us-east-1.amazonaws.com/" + HopChain.ACCOUNT + "/payment-events");
        request.put("payload", BoundInputs.digest(posting("p-" + UUID.randomUUID())));
        String forNotify = exchange(request);
        assertThat(String.valueOf(claims(forNotify).get("aud"))).contains("payments-notify");

        InvokeResponse response = invokeLedger(posting("p-" + UUID.randomUUID()), forNotify);

        assertDenied(response, "WRONG_AUDIENCE");
    }

    @Test
    void aSingleUseChildWritIsDeniedWhenReplayed() {
        String posting = posting("p-" + UUID.randomUUID());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("writ", writ(authorize()));
        request.put("kind", "lambda:Invoke");
        request.put("target", HopChain.LEDGER);
        request.put("payload", BoundInputs.digest(BoundInputs.canonicalJson(Json.parseObject(posting))));
        request.put("singleUse", true);
        String child = exchange(request);
        assertThat(claims(child)).containsEntry("one", true);

        InvokeResponse first = invokeLedger(posting, child);
        assertThat(first.functionError()).as(first.payload().asUtf8String()).isNull();
        InvokeResponse replayed = invokeLedger(posting, child);

        assertDenied(replayed, "REPLAYED");
    }

    private static String posting(String payment) {
        return Json.write(Map.of("payment", payment, "principal", "carla"));
    }

    /** Asks the packaged exchange as payments-write (through the function URL stand-in) and returns the child. */
    private static String exchange(Map<String, Object> request) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(hop.exchangeUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return (String) Json.parseObject(answer.body()).get("writ");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Invokes ledger-post with {@code writ} in the client context, where the interceptor puts a child. */
    private static InvokeResponse invokeLedger(String payload, String writ) {
        String clientContext = Base64.getEncoder().encodeToString(
                Json.write(Map.of("custom", Map.of("writ", writ))).getBytes(StandardCharsets.UTF_8));
        return lambda.invoke(r -> r.functionName(HopChain.ledgerArn()).clientContext(clientContext)
                .payload(SdkBytes.fromUtf8String(payload)));
    }

    private static void assertDenied(InvokeResponse response, String reason) {
        String body = response.payload().asUtf8String();
        assertThat(response.functionError()).as(body).isEqualTo("Unhandled");
        assertThat(Json.parseObject(body)).as(body)
                .containsEntry("errorType", "dev.writ.guard.WritDeniedException");
        assertThat((String) Json.parseObject(body).get("errorMessage")).startsWith("writ denied: " + reason);
    }
}
