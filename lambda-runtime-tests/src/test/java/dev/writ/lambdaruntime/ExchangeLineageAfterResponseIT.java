package dev.writ.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.writ.audit.Completeness;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.testsupport.Emulators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The packaged writ exchange ({@code ExchangeFunction}) writes its {@code exchange} records after
 * the answer, through the {@code writ-lineage} internal extension, under the runtime emulator, as
 * the authorizer writes its decisions ({@link LineageAfterResponseIT}). The exchange reaches
 * DynamoDB Local through a {@link LineageGate} that holds back its {@code exchange} writes; the
 * guarded callee ({@code ledger-post}) writes directly.
 */
class ExchangeLineageAfterResponseIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WritStack stack;
    private LineageGate gate;
    private PackagedFunction authorizer;
    private PackagedFunction exchange;
    private ExchangeUrlStandIn exchangeUrl;
    private final DynamoDbClient dynamo = Emulators.dynamoDb();
    private ExecutionLineage lineage;

    @BeforeEach
    void start() throws Exception {
        stack = WritStack.create();
        lineage = new ExecutionLineage(dynamo, stack.lineageTable());
        gate = new LineageGate(System.getenv().getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", System.getenv("AWS_ENDPOINT_URL")));
        authorizer = stack.startAuthorizer("kms-delegated");
        exchange = HopChain.startExchange(stack, Map.of("AWS_ENDPOINT_URL_DYNAMODB", gate.endpoint()));
        exchangeUrl = new ExchangeUrlStandIn(exchange, HopChain.PAYMENTS_CALLER, HopChain.ACCOUNT);
    }

    @AfterEach
    void stop() {
        // Closing the gate drops what it still holds, unwritten.
        Processes.closeAll(exchangeUrl, exchange, authorizer, gate, stack);
    }

    @Test
    void theExchangeAnswersBeforeItsRecordWhichIsWrittenWithinTheInvocation() throws Exception {
        lineage.awaitTypes(childOf(hop(posting())), 1); // init, JIT and the first write out of the way
        gate.hold("exchange");

        String child = childOf(hop(posting()));
        assertThat(gate.awaitHeld(1)).as("the exchange record's write is in flight").isEqualTo(1);
        assertThat(lineage.types(child)).as("answered while its exchange record is held").isEmpty();
        gate.release();

        assertThat(lineage.awaitTypes(child, 1)).as("written once released").containsExactly("exchange");
        // The next hop is still answered: the extension asked for its next event.
        assertThat(lineage.awaitTypes(childOf(hop(posting())), 1)).containsExactly("exchange");
        assertThat(exchange.output()).doesNotContain("lineage extension not registered");
    }

    @Test
    void anExchangeKilledBetweenItsAnswerAndItsRecordIsNamedByTheAuditorWhenTheCalleesGuardVerifiesTheChild() throws Exception {
        lineage.awaitTypes(childOf(hop(posting())), 1);
        gate.hold("exchange");
        String posting = posting();
        String child = hop(posting);
        assertThat(gate.awaitHeld(1)).as("the exchange record's write is in flight").isEqualTo(1);
        exchange.kill();

        try (PackagedFunction ledger = HopChain.startLedger(stack);
             LambdaInvokeApi lambdaApi = new LambdaInvokeApi().serve(HopChain.LEDGER, ledger);
             LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                     .endpointOverride(URI.create(lambdaApi.endpoint())).build()) {
            String clientContext = Base64.getEncoder().encodeToString(
                    Json.write(Map.of("custom", Map.of("writ", child))).getBytes(StandardCharsets.UTF_8));
            InvokeResponse posted = lambda.invoke(r -> r.functionName(HopChain.ledgerArn()).clientContext(clientContext)
                    .payload(SdkBytes.fromUtf8String(posting)));
            assertThat(posted.functionError()).as("the child itself is valid: " + posted.payload().asUtf8String()).isNull();
        }
        String jti = childOf(child);
        assertThat(lineage.awaitTypes(jti, 2)).containsExactlyInAnyOrder("verification", "outcome");

        Completeness completeness = new Completeness(Long.MAX_VALUE);
        lineage.records().forEach(completeness);
        assertThat(completeness.findings()).filteredOn(f -> jti.equals(f.execId()))
                .extracting(Completeness.Finding::gap, Completeness.Finding::execId)
                .containsExactly(tuple(Completeness.Gap.VERIFICATION_WITHOUT_DECISION, jti));
    }

    private static String posting() {
        return Json.write(Map.of("payment", "p-" + UUID.randomUUID(), "principal", "carla"));
    }

    /** A fresh writ for payments-write from the authorizer, exchanged for ledger-post's child bound to {@code posting}. */
    @SuppressWarnings("unchecked")
    private String hop(String posting) throws Exception {
        PackagedFunction.Invocation authorized = authorizer.invoke(RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120));
        assertThat(authorized.status()).as(authorized.body()).isEqualTo(200);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("writ", ((Map<String, Object>) authorized.json().get("context")).get("writ"));
        request.put("kind", "lambda:Invoke");
        request.put("target", HopChain.LEDGER);
        request.put("payload", BoundInputs.digest(BoundInputs.canonicalJson(Json.parseObject(posting))));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(exchangeUrl.url()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return (String) Json.parseObject(answer.body()).get("writ");
    }

    private static String childOf(String writ) {
        return (String) CompactJws.parse(writ).payload().get("jti");
    }
}
