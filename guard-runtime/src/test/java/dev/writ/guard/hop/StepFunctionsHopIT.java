package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.writ.core.json.Json;
import dev.writ.guard.Fixtures;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Writ;
import dev.writ.testsupport.TestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * Step Functions hops over LocalStack's Step Functions (its own ASL interpreter, host mode, started
 * by scripts/test): a guarded producer's unmodified {@code StartExecution} of a standard machine
 * and {@code StartSyncExecution} of an express one carry a child writ from an in-process exchange
 * (real verifier, local signer) into the execution's input; the machine runs, and the consumer's
 * guard runs on exactly what the service produced. A {@code Pass} state stands in for the Lambda
 * task (LocalStack runs Lambda functions only in Docker): its output is what the task's function
 * would receive, for the optimized integration ({@code arn:aws:states:::lambda:invoke} with
 * {@code "Payload.$": "$"}: the {@code Payload}) and for a function ARN as {@code Resource} (the
 * state's input as it is).
 */
class StepFunctionsHopIT {

    private static final String PRODUCER = HopParties.PRODUCER;
    private static final String CONSUMER = "settle-step";
    private static final String ROLE = "arn:aws:iam::000000000000:role/writ-it-states";
    /** The task's input as the legacy {@code Resource: <function ARN>} passes it: the state's input as it is. */
    private static final String AS_IS = "{\"Type\":\"Pass\",\"End\":true}";
    /** The request {@code arn:aws:states:::lambda:invoke} sends Lambda: the function gets {@code Payload}. */
    private static final String LAMBDA_INVOKE = "{\"Type\":\"Pass\",\"Parameters\":{\"FunctionName\":\"" + CONSUMER
            + "\",\"Payload.$\":\"$\"},\"End\":true}";
    /** An input with a decimal, a nested object and non-ASCII text, which the service re-serializes. */
    private static final String INPUT = "{\"paymentId\":\"p-1\",\"amount\":100.50,\"payee\":{\"name\":\"Zoë\",\"iban\":\"DE89\"}}";

    private static SfnClient sfn;

    private final HopParties parties = new HopParties();
    private final LocalExchange exchange = parties.exchange;
    private final List<Writ> consumed = new CopyOnWriteArrayList<>();
    private final String unique = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void client() {
        String endpoint = System.getenv("WRIT_LOCALSTACK_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            fail("WRIT_LOCALSTACK_ENDPOINT is not set: Step Functions hops are tested on LocalStack's Step Functions (moto runs"
                    + " no state machine unless configured to, and serves no StartSyncExecution); run through scripts/test,"
                    + " which starts it, or against scripts/localstack start");
        }
        // StartSyncExecution's endpoint is the host prefixed with "sync-" (sync-states.<region>.amazonaws.com), which
        // no loopback address has: the emulator serves both operations on one address.
        sfn = SfnClient.builder().endpointOverride(URI.create(endpoint.strip())).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
        try {
            sfn.listStateMachines(r -> r.maxResults(1));
        } catch (SdkException e) {
            fail("LocalStack at " + endpoint + " does not serve Step Functions (start it with stepfunctions among its"
                    + " services, as scripts/test does): " + e.getMessage());
        }
    }

    @AfterEach
    void noExecutionLeftRunning() {
        assertThat(GuardedExecution.current()).isNull();
    }

    /** A machine of {@code type} whose one state, the stand-in for the guarded task, is {@code task}. */
    private String machine(String name, StateMachineType type, String task) {
        String definition = "{\"StartAt\":\"Task\",\"States\":{\"Task\":" + task + "}}";
        String arn = sfn.createStateMachine(r -> r.name(name + "-" + unique).type(type).roleArn(ROLE).definition(definition))
                .stateMachineArn();
        exchange.consumer(arn, CONSUMER);
        return arn;
    }

    /** The producer's handler, allowed by a fresh parent writ, running {@code code} unmodified. */
    private void produce(Runnable code) {
        parties.produce(WritHopInterceptorTest.parent().build(), code);
    }

    /** Starts a standard execution from a guarded producer and waits for its output. */
    private Map<String, Object> runStandard(String machine, String input) {
        AtomicReference<String> execution = new AtomicReference<>();
        produce(() -> execution.set(sfn.startExecution(r -> r.stateMachineArn(machine).input(input)).executionArn()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(execution.get()));
        while (described.status() == ExecutionStatus.RUNNING && Instant.now().isBefore(deadline)) {
            sleep();
            described = sfn.describeExecution(r -> r.executionArn(execution.get()));
        }
        assertThat(described.status()).as("execution %s: %s", execution.get(), described.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return Json.parseObject(described.output());
    }

    /** Runs an express execution synchronously from a guarded producer; its output. */
    private Map<String, Object> runExpress(String machine, String input) {
        AtomicReference<Map<String, Object>> output = new AtomicReference<>();
        produce(() -> {
            var response = sfn.startSyncExecution(r -> r.stateMachineArn(machine).input(input));
            assertThat(response.status()).as("%s: %s", response.error(), response.cause()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
            output.set(Json.parseObject(response.output()));
        });
        return output.get();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The consumer's handler run on {@code event} as Lambda delivers it; its answer. */
    private String consume(Map<String, Object> event) {
        return parties.consumer.handle(event, new TestContext(CONSUMER), (e, c, writ) -> {
            consumed.add(writ);
            return "ran";
        });
    }

    /** What the function of {@code arn:aws:states:::lambda:invoke} receives: the request's {@code Payload}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> invokeRequest) {
        assertThat(invokeRequest).containsEntry("FunctionName", CONSUMER);
        return (Map<String, Object>) invokeRequest.get("Payload");
    }

    private static ReasonCode refusal(Runnable consume) {
        AtomicReference<ReasonCode> reason = new AtomicReference<>();
        assertThatThrownBy(consume::run).isInstanceOfSatisfying(WritDeniedException.class, e -> reason.set(e.reason()));
        return reason.get();
    }

    @Test
    void aStandardExecutionsTaskRunsOnceWithTheChildWritInEitherShapeALambdaTaskReceives() {
        Map<String, Object> asIs = runStandard(machine("as-is", StateMachineType.STANDARD, AS_IS), INPUT);
        Map<String, Object> invoked = payload(runStandard(machine("lambda-invoke", StateMachineType.STANDARD, LAMBDA_INVOKE), INPUT));

        assertThat(asIs).containsKey("_writ").containsEntry("paymentId", "p-1");
        assertThat(consume(asIs)).isEqualTo("ran");
        assertThat(consume(invoked)).isEqualTo("ran");
        assertThat(consumed).hasSize(2).allSatisfy(writ -> {
            assertThat(writ.action()).contains("states:StartExecution");
            assertThat(writ.actor().orElseThrow().subjects()).containsExactly(PRODUCER);
            assertThat(writ.transaction()).contains("txn-1");
        });
        assertThat(exchange.asked).hasSize(2).allSatisfy(r -> assertThat(r.kind()).isEqualTo(HopKind.STATES_START));
    }

    @Test
    void anExpressExecutionStartedSynchronouslyCarriesTheChildWritToItsTask() {
        Map<String, Object> asIs = runExpress(machine("express-as-is", StateMachineType.EXPRESS, AS_IS), INPUT);
        Map<String, Object> invoked = payload(runExpress(machine("express-lambda-invoke", StateMachineType.EXPRESS, LAMBDA_INVOKE), INPUT));

        assertThat(consume(asIs)).isEqualTo("ran");
        assertThat(consume(invoked)).isEqualTo("ran");
        assertThat(consumed).hasSize(2);
    }

    @Test
    void aTaskWhoseInputTheMachineChangedOrWrappedOrStrippedOfTheWritRunsNothing() {
        // A Pass state that sets a member: the writ travels on, bound to the input the producer sent.
        String changes = "{\"Type\":\"Pass\",\"Result\":9999,\"ResultPath\":\"$.amount\",\"End\":true}";
        // Parameters that pick the members the task needs and leave the writ behind.
        String picks = "{\"Type\":\"Pass\",\"Parameters\":{\"paymentId.$\":\"$.paymentId\",\"amount.$\":\"$.amount\"},\"End\":true}";
        // The input one level down (a Payload of {"input.$": "$"}): the writ is no longer where the guard reads it.
        String wraps = "{\"Type\":\"Pass\",\"Parameters\":{\"FunctionName\":\"" + CONSUMER
                + "\",\"Payload\":{\"input.$\":\"$\"}},\"End\":true}";

        Map<String, Object> changed = runStandard(machine("changes", StateMachineType.STANDARD, changes), INPUT);
        Map<String, Object> picked = runExpress(machine("picks", StateMachineType.EXPRESS, picks), INPUT);
        Map<String, Object> wrapped = payload(runStandard(machine("wraps", StateMachineType.STANDARD, wraps), INPUT));

        assertThat(changed).containsKey("_writ").extractingByKey("amount").hasToString("9999");
        assertThat(refusal(() -> consume(changed))).isEqualTo(ReasonCode.REQUEST_MISMATCH);
        assertThat(picked).doesNotContainKey("_writ");
        assertThat(refusal(() -> consume(picked))).isEqualTo(ReasonCode.MISSING_WRIT);
        assertThat(wrapped).containsOnlyKeys("input");
        assertThat(refusal(() -> consume(wrapped))).isEqualTo(ReasonCode.MISSING_WRIT);
        assertThat(consumed).isEmpty();
    }

    @Test
    void aWritAlreadyInTheInputIsReplacedByTheChildAndTheTaskRunsWithIt() {
        String stale = Fixtures.token(WritHopInterceptorTest.parent().audience(CONSUMER).build());
        Map<String, Object> event = runStandard(machine("passes-on", StateMachineType.STANDARD, AS_IS),
                "{\"paymentId\":\"p-1\",\"_writ\":\"" + stale + "\"}");

        assertThat(event.get("_writ")).isNotEqualTo(stale);
        assertThat(consume(event)).isEqualTo("ran");
        assertThat(consumed).singleElement().satisfies(writ -> assertThat(writ.action()).contains("states:StartExecution"));
    }

    @Test
    void anInputThatCannotCarryTheWritIsRefusedBeforeItIsSentAndNoExecutionStarts() {
        String machine = machine("refused", StateMachineType.STANDARD, AS_IS);
        // 262,136 bytes: within Step Functions' limit alone, not with the writ (LocalStack enforces no limit: AWS does).
        String large = "{\"notes\":\"" + "x".repeat(StepFunctionsInputs.MAX_INPUT_BYTES - 20) + "\"}";
        List<String> inputs = List.of("[1,2]", "\"paid\"", "not json", large);
        List<WritHopException.Reason> reasons = new CopyOnWriteArrayList<>();
        for (String input : inputs) {
            produce(() -> assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(machine).input(input)))
                    .isInstanceOfSatisfying(WritHopException.class, e -> reasons.add(e.reason())));
        }

        assertThat(reasons).containsExactly(WritHopException.Reason.HOP_NOT_POSSIBLE, WritHopException.Reason.HOP_NOT_POSSIBLE,
                WritHopException.Reason.HOP_NOT_POSSIBLE, WritHopException.Reason.HOP_TOO_LARGE);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).isEmpty();
        sfn.startExecution(r -> r.stateMachineArn(machine).input(large));
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).as("the large input, outside a guard").hasSize(1);
    }
}
