package dev.writ.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritClaims;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * {@code writ dev}'s in-process Lambda: an asynchronous ({@code Event}) invoke is answered as Lambda
 * answers it, 202 at once with nothing in it, and the target runs afterwards without the client
 * context; through the embedded stack, the callee's guard runs it on the child writ the caller's
 * interceptor put in the envelope. A function is named as Lambda reads {@code FunctionName} and
 * {@code Qualifier} (name, partial ARN, ARN, {@code $LATEST}); an invoke of a function, version,
 * alias, account or region the stack does not have is refused at once, 404
 * {@code ResourceNotFoundException}, a malformed name or qualifier 400 {@code ValidationException},
 * as Lambda refuses them.
 */
class LocalAwsTest {
    /** The embedded stack's function ARNs, up to the name. */
    private static final String ARN = "arn:aws:lambda:us-east-1:" + EmbeddedExchange.ACCOUNT + ":function:";

    /** One invocation the functions were asked for, and whether the caller had its answer by then. */
    private record Invocation(String function, String payload, String clientContext, boolean callerAnswered) {
    }

    /** How the test's functions run an invoke. */
    private interface Run {
        LocalAws.Invoked invoke(String function, byte[] payload, String clientContext);
    }

    /** The functions {@code names}, each run by {@code run}; no queue. */
    private static LocalAws.Functions functions(Set<String> names, Run run) {
        return new LocalAws.Functions() {
            @Override
            public boolean has(String function) {
                return names.contains(function);
            }

            @Override
            public LocalAws.Invoked invoke(String function, byte[] payload, String clientContext) {
                return run.invoke(function, payload, clientContext);
            }

            @Override
            public void deliver(String queue, SQSEvent.SQSMessage message) {
                throw new AssertionError("no queue in this test");
            }
        };
    }

    @Test
    void anEventInvokeIsAnswered202AtOnceAndTheTargetRunsAfterwardsWithoutTheClientContext() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        CompletableFuture<Invocation> ran = new CompletableFuture<>();
        LocalAws.Functions functions = functions(Set.of("ledger-post"), (function, payload, clientContext) -> {
            boolean callerAnswered;
            try {
                callerAnswered = answered.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callerAnswered = false;
            }
            ran.complete(new Invocation(function, new String(payload, StandardCharsets.UTF_8), clientContext, callerAnswered));
            return new LocalAws.Invoked("{\"ran\":true}".getBytes(StandardCharsets.UTF_8), null);
        });
        String custom = Base64.getEncoder().encodeToString("{\"custom\":{\"tenant\":\"t-1\"}}".getBytes(StandardCharsets.UTF_8));
        try (LocalAws aws = new LocalAws(functions)) {
            InvokeResponse response = aws.lambda().invoke(r -> r.functionName("ledger-post").invocationType(InvocationType.EVENT)
                    .clientContext(custom).payload(SdkBytes.fromUtf8String("{\"amount\":\"5\"}")));
            answered.countDown();

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.functionError()).isNull();
            assertThat(response.payload().asByteArray()).isEmpty();
            Invocation invocation = ran.get(5, TimeUnit.SECONDS);
            assertThat(invocation.callerAnswered()).as("the caller had its 202 before the target ran").isTrue();
            assertThat(invocation.function()).isEqualTo("ledger-post");
            assertThat(invocation.payload()).isEqualTo("{\"amount\":\"5\"}");
            assertThat(invocation.clientContext()).as("Lambda drops an Event invoke's client context").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(value = InvocationType.class, names = {"EVENT", "REQUEST_RESPONSE"})
    void anInvokeOfAnUnknownFunctionIsAnswered404ResourceNotFoundWhateverItsType(InvocationType type) {
        LocalAws.Functions none = functions(Set.of(), (function, payload, clientContext) -> {
            throw new AssertionError("an unknown function does not run");
        });
        try (LocalAws aws = new LocalAws(none)) {
            assertThatThrownBy(() -> aws.lambda().invoke(r -> r.functionName("ledger-typo").invocationType(type)
                    .payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorMessage()).endsWith(":function:ledger-typo");
                    });
        }
    }

    /** The functions {@code names}, each answering its own name. */
    private static LocalAws.Functions echoing(Set<String> names) {
        return functions(names, (function, payload, clientContext) ->
                new LocalAws.Invoked(Json.writeBytes(Map.of("ran", function)), null));
    }

    /** What an invoke of {@code functionName} ({@code qualifier}: null for none) throws, on a stack of ledger-post that runs nothing. */
    private static Throwable refusal(String functionName, String qualifier) {
        LocalAws.Functions functions = functions(Set.of("ledger-post"), (function, payload, clientContext) -> {
            throw new AssertionError("nothing runs");
        });
        try (LocalAws aws = new LocalAws(functions)) {
            return catchThrowable(() -> aws.lambda().invoke(r -> r.functionName(functionName).qualifier(qualifier)
                    .payload(SdkBytes.fromUtf8String("{}"))));
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "ledger-post, -",
        "ledger-post:$LATEST, -",
        "ledger-post, $LATEST",
        "ledger-post:$LATEST, $LATEST",
        "000000000000:function:ledger-post, -",
        "000000000000:function:ledger-post:$LATEST, -",
        "arn:aws:lambda:us-east-1:000000000000:function:ledger-post, -",
        "arn:aws:lambda:us-east-1:000000000000:function:ledger-post:$LATEST, -",
        "arn:aws:lambda:us-east-1:000000000000:function:ledger-post, $LATEST",
    })
    void aFunctionIsNamedAsLambdaReadsItsNamePartialArnArnAndLatest(String functionName, String qualifier) {
        try (LocalAws aws = new LocalAws(echoing(Set.of("ledger-post")))) {
            InvokeResponse response = aws.lambda().invoke(r -> r.functionName(functionName).qualifier(qualifier)
                    .payload(SdkBytes.fromUtf8String("{}")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.payload().asUtf8String()).isEqualTo("{\"ran\":\"ledger-post\"}");
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", delimiter = '|', quoteCharacter = '"', value = {
        "ledger-post:prod | - | Function not found: " + ARN + "ledger-post:prod",
        "ledger-post | 1 | Function not found: " + ARN + "ledger-post:1",
        "000000000000:function:ledger-post:live | - | Function not found: " + ARN + "ledger-post:live",
        "arn:aws:lambda:us-east-1:111111111111:function:ledger-post | - "
                + "| Function not found: arn:aws:lambda:us-east-1:111111111111:function:ledger-post",
        "111111111111:function:ledger-post | - | Function not found: 111111111111:function:ledger-post",
        "arn:aws-cn:lambda:us-east-1:000000000000:function:ledger-post | - "
                + "| Function not found: arn:aws-cn:lambda:us-east-1:000000000000:function:ledger-post",
        "arn:aws:lambda:eu-west-1:000000000000:function:ledger-post | - "
                + "| Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
        "ledger-typo:$LATEST | - | Function not found: " + ARN + "ledger-typo:$LATEST",
    })
    void aVersionAliasAccountOrRegionTheStackDoesNotHaveIs404ResourceNotFound(String functionName, String qualifier,
                                                                               String message) {
        assertThat(refusal(functionName, qualifier)).isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", delimiter = '|', quoteCharacter = '"', value = {
        "ledger post | - | functionName",
        "ledger-post:prod:v2 | - | functionName",
        "ledger-post | prod alias | qualifier",
        "ledger-post | $LATEST/x | qualifier",
    })
    void aMalformedNameOrQualifierIs400ValidationException(String functionName, String qualifier, String member) {
        assertThat(refusal(functionName, qualifier)).isInstanceOfSatisfying(LambdaException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("1 validation error detected: Value '" + (qualifier == null ? functionName : qualifier)
                            + "' at '" + member + "' failed to satisfy constraint: ");
        });
        assertThat(refusal("l".repeat(171), null)).isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.awsErrorDetails()
                .errorMessage()).endsWith("at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 170"));
    }

    @Test
    void aQualifierInTheNameAndADifferentOneAsParameterIs400InvalidParameterValue() {
        assertThat(refusal("ledger-post:$LATEST", "prod")).isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The derived qualifier from the function name does not match the specified qualifier.");
        });
    }

    /** carl's payment of 700 through payments-write, whose handler made one invoke: the parent writ, the answers. */
    private record PaymentsWriteCall(String parent, Gateway.Response ran, InvokeResponse answer) {
    }

    private static PaymentsWriteCall invokeAsPaymentsWrite(DevStack stack, Consumer<InvokeRequest.Builder> invoke) {
        Gateway gateway = stack.gateway();
        Map<String, String> headers = Map.of("Authorization", "Bearer " + stack.idp().token(SampleIdp.user("carl"),
                Duration.ofHours(1)), "X-Payment-Amount", "700");
        Gateway.Request post = Gateway.Request.of("POST", "/payments", Map.of(), headers, "{\"amount\":700}", null);
        String parent = gateway.writFor(post).orElseThrow();
        AtomicReference<InvokeResponse> answer = new AtomicReference<>();
        Map<String, Object> context = new LinkedHashMap<>(Map.of("principalId", "carl", "writ", parent));
        Gateway.Response ran = gateway.invoke("payments-write", gateway.proxyEvent(post, context),
                (lambda, sqs) -> answer.set(lambda.invoke(invoke)));
        return new PaymentsWriteCall(parent, ran, answer.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000000000:function:ledger-post", "arn:aws:lambda:us-east-1:000000000000:function:ledger-post"})
    void aGuardedFunctionInvokesByPartialArnOrArnAndTheCalleeRunsOnItsChildWrit(String functionName) {
        try (DevStack stack = DevStack.start(null, 1)) {
            PaymentsWriteCall call = invokeAsPaymentsWrite(stack,
                    r -> r.functionName(functionName).payload(SdkBytes.fromUtf8String("{\"amount\":\"700\"}")));

            assertThat(call.answer()).as("the invoke left the caller: %s", call.ran().body()).isNotNull();
            assertThat(call.answer().functionError()).isNull();
            assertThat(Json.parseObject(call.answer().payload().asByteArray())).containsEntry("posted", true)
                    .containsEntry("par", WritCodec.decodeUnverified(call.parent()).id());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGuardedFunctionsEventInvokeRunsTheCalleeOnTheChildWritInTheEnvelope() throws Exception {
        try (DevStack stack = DevStack.start(null, 1)) {
            PaymentsWriteCall call = invokeAsPaymentsWrite(stack, r -> r.functionName(DevStack.LEDGER)
                    .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"amount\":\"700\"}")));
            WritClaims parentClaims = WritCodec.decodeUnverified(call.parent());
            assertThat(call.answer().statusCode()).isEqualTo(202);
            assertThat(call.answer().payload().asByteArray()).isEmpty();

            // The ledger's guard ran the queued invoke under a child of the caller's writ: its execution
            // sits under the caller's in the transaction's tree.
            String txn = parentClaims.transaction().orElseThrow();
            List<Map<String, Object>> children = List.of();
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < deadline; Thread.sleep(50)) {
                Gateway.Response api = stack.auditorApi().handle(Gateway.Request.of("GET", "/api/transactions/" + txn, Map.of()));
                List<Map<String, Object>> tree = (List<Map<String, Object>>) Json.parseObject(api.body()).get("tree");
                children = tree == null || tree.isEmpty() ? List.of()
                        : (List<Map<String, Object>>) tree.get(0).getOrDefault("children", List.of());
                if (children.stream().anyMatch(c -> DevStack.LEDGER.equals(c.get("function")))) {
                    break;
                }
            }
            assertThat(children).filteredOn(c -> DevStack.LEDGER.equals(c.get("function"))).singleElement()
                    .satisfies(c -> assertThat(c).containsEntry("par", parentClaims.id()));
        }
    }
}
