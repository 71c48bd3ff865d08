package dev.writ.guard.entry;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.config.Environment;
import dev.writ.core.json.Json;
import dev.writ.guard.Fixtures;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.GuardEvents;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.entry.handlers.Handlers;
import dev.writ.guard.entry.handlers.Payment;
import dev.writ.guard.entry.handlers.Received;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.testsupport.Events;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entry point against the Lambda Java runtime's own code ({@link LambdaRuntime}): every handler
 * shape runs once as the function's handler, with the event a caller sends without Writ, and once
 * behind the entry point, with the same event carrying a writ. The handler must receive an equal
 * event (typed API Gateway, SQS and custom classes; the same bytes for stream handlers) and the
 * runtime's own {@code Context}, and the runtime must post the same response. Every denial must
 * leave the handler's code unrun.
 */
class GuardedHandlerTest {

    private static final String REST_REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private static final String PAYMENT = "{\"paymentId\":\"p-7\",\"amount\":120,\"currency\":\"EUR\"}";

    private final ByteArrayOutputStream decisions = new ByteArrayOutputStream();
    private final Guard guard = Guard.create(GuardConfig.builder()
            .verifier(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build())
            .functionName(FUNCTION)
            .logTo(new PrintStream(decisions, true, StandardCharsets.UTF_8)).build());

    @BeforeEach
    void clear() {
        Received.clear();
        EntryUnderTest.lastContext = null;
    }

    /** The entry point for {@code handler}, loaded by the runtime as the function's handler. */
    private LambdaRequestHandler entryFor(String handler) {
        EntryUnderTest.next = () -> new GuardedHandler(guard, Environment.of(Map.of("WRIT_GUARD_HANDLER", handler)));
        return LambdaRuntime.load(EntryUnderTest.class.getName());
    }

    private static String name(Class<?> handler) {
        return handler.getName();
    }

    /**
     * Runs {@code plain} through the runtime with {@code handler} as the function's handler, then
     * {@code signed} with the entry point in front of it; both see {@code clientContext}. The
     * handler must receive equal events and the runtime's context, and the responses must be equal.
     *
     * @return what the handler received behind the entry point
     */
    private List<Object> sameAsWithoutWrit(String handler, String plain, String signed, String clientContext) throws Exception {
        byte[] expected = LambdaRuntime.invoke(LambdaRuntime.load(handler), bytes(plain), clientContext);
        List<Object> expectedEvents = Received.events();
        assertThat(expectedEvents).as("the handler ran without Writ").isNotEmpty();
        Received.clear();

        byte[] actual = LambdaRuntime.invoke(entryFor(handler), bytes(signed), clientContext);

        assertThat(Received.events()).as("what " + handler + " received").isEqualTo(expectedEvents);
        assertThat(Received.contexts()).as("the runtime's context, passed through")
                .allSatisfy(c -> assertThat(c == null || c == EntryUnderTest.lastContext).isTrue());
        assertThat(new String(actual, StandardCharsets.UTF_8)).as("the response the runtime posts")
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        return Received.events();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String rest(Consumer<Map<String, Object>> edit) {
        return GuardEvents.json("rest-proxy", edit);
    }

    private static Consumer<Map<String, Object>> restWrit(String token) {
        return e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", token);
    }

    private static String sqs(String writ) {
        return GuardEvents.json("sqs", e -> { }).replace("WRIT_1", writ).replace("WRIT_2", writ);
    }

    /** A writ for an invocation that is not an HTTP request (queue, direct invoke). */
    private static String asyncToken() {
        return Fixtures.token(validWrit().request(null).build());
    }

    private static String envelope(String token, String payload) {
        return "{\"writ\":\"" + token + "\",\"payload\":" + payload + "}";
    }

    private static String clientContextWrit(String token, Map<String, String> env) {
        return Json.write(Map.of("custom", Map.of("writ", token), "env", env));
    }

    private void assertForbidden(byte[] response) {
        Map<String, Object> denial = Json.parseObject(response);
        assertThat(denial).containsEntry("statusCode", 403);
        assertThat(denial.get("body")).isEqualTo("{\"message\":\"Forbidden\",\"code\":\"MISSING_WRIT\",\"requestId\":\""
                + REST_REQUEST_ID + "\"}");
        assertThat(Received.events()).as("the handler's code did not run").isEmpty();
    }

    // Typed API Gateway events.

    @Test
    void aTypedRestHandlerGetsTheEventTheRuntimeWouldGiveIt() throws Exception {
        String event = rest(restWrit(Fixtures.validToken()));
        List<Object> received = sameAsWithoutWrit(name(Handlers.Api.class), event, event, null);
        // The writ is part of the event the gateway sends, with Writ or without.
        assertThat(received).singleElement().isInstanceOfSatisfying(APIGatewayProxyRequestEvent.class,
                e -> assertThat(e.getRequestContext().getAuthorizer()).containsKey("writ"));
    }

    @Test
    void aTypedRestHandlerDoesNotRunWithoutAWritAndTheCallerGetsA403() throws Exception {
        assertForbidden(LambdaRuntime.invoke(entryFor(name(Handlers.Api.class)), bytes(rest(e -> { })), null));
    }

    @Test
    void aTypedHttpApiHandlerGetsTheEventTheRuntimeWouldGiveIt() throws Exception {
        String event = GuardEvents.json("http-v2", e -> Events.child(Events.child(Events.child(e, "requestContext"),
                "authorizer"), "lambda").put("writ", Fixtures.validToken()));
        assertThat(sameAsWithoutWrit(name(Handlers.HttpApi.class), event, event, null))
                .singleElement().isInstanceOf(APIGatewayV2HTTPEvent.class);
    }

    @Test
    void aTypedHttpApiHandlerDoesNotRunForAWritBoundToAnotherRoute() throws Exception {
        String event = GuardEvents.json("http-v2", e -> {
            Events.child(Events.child(Events.child(e, "requestContext"), "authorizer"), "lambda").put("writ", Fixtures.validToken());
            e.put("rawPath", "/refunds");
        });
        Map<String, Object> denial = Json.parseObject(LambdaRuntime.invoke(entryFor(name(Handlers.HttpApi.class)), bytes(event), null));
        assertThat(denial).containsEntry("statusCode", 403);
        assertThat((String) denial.get("body")).contains("\"code\":\"REQUEST_MISMATCH\"");
        assertThat(Received.events()).isEmpty();
    }

    // SQS.

    @Test
    void aTypedSqsHandlerGetsTheBatchTheRuntimeWouldGiveIt() throws Exception {
        String batch = sqs(asyncToken());
        assertThat(sameAsWithoutWrit(name(Handlers.Sqs.class), batch, batch, null)).singleElement()
                .isInstanceOfSatisfying(SQSEvent.class, e -> assertThat(e.getRecords()).hasSize(2));
    }

    @Test
    void theSqsEventTypeIsFoundThroughAGenericBaseClassAsTheRuntimeFindsIt() throws Exception {
        String batch = sqs(asyncToken());
        assertThat(sameAsWithoutWrit(name(Handlers.InheritedSqs.class), batch, batch, null))
                .singleElement().isInstanceOf(SQSEvent.class);
    }

    @Test
    void aStaticMethodTakingAnSqsEventGetsTheBatch() throws Exception {
        String batch = sqs(asyncToken());
        assertThat(sameAsWithoutWrit(name(Handlers.Methods.class) + "::count", batch, batch, null))
                .singleElement().isInstanceOf(SQSEvent.class);
    }

    @Test
    void anSqsBatchWithARecordWithoutAWritIsRefusedWithTheGuardsExceptionAndTheHandlerDoesNotRun() {
        String oneMissing = GuardEvents.json("sqs", e -> { }).replace("WRIT_1", asyncToken()).replace("WRIT_2", "");
        LambdaRequestHandler entry = entryFor(name(Handlers.Sqs.class));
        assertThatThrownBy(() -> LambdaRuntime.invoke(entry, bytes(oneMissing), null))
                .isInstanceOfSatisfying(WritDeniedException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.MISSING_WRIT));
        assertThat(Received.events()).isEmpty();
    }

    // Custom classes, direct invoke.

    @Test
    void aCustomClassHandlerGetsThePayloadOfTheEnvelopeAsTheRuntimeWouldDeserialiseIt() throws Exception {
        assertThat(sameAsWithoutWrit(name(Handlers.Pay.class), PAYMENT, envelope(asyncToken(), PAYMENT), null))
                .singleElement().isInstanceOf(Payment.class);
    }

    @Test
    void aCustomClassHandlerGetsTheSameEventWhenTheWritComesInTheClientContext() throws Exception {
        String clientContext = clientContextWrit(asyncToken(), Map.of());
        sameAsWithoutWrit(name(Handlers.Pay.class), PAYMENT, PAYMENT, clientContext);
    }

    @Test
    void anAndroidCallerGetsTheRuntimesGsonSerialisationOfTheResult() throws Exception {
        String clientContext = clientContextWrit(asyncToken(), Map.of("platform", "Android"));
        sameAsWithoutWrit(name(Handlers.Pay.class), PAYMENT, PAYMENT, clientContext);
        // Gson wrote the field Jackson would not have: the runtime's Android rule was applied.
        assertThat(new String(LambdaRuntime.invoke(entryFor(name(Handlers.Pay.class)), bytes(PAYMENT), clientContext),
                StandardCharsets.UTF_8)).contains("\"schema\":\"receipt-1\"");
    }

    @Test
    void aCustomClassHandlerDoesNotRunForAnEnvelopeWithoutAWrit() {
        LambdaRequestHandler entry = entryFor(name(Handlers.Pay.class));
        assertThatThrownBy(() -> LambdaRuntime.invoke(entry, bytes(envelope("", PAYMENT)), null))
                .isInstanceOf(WritDeniedException.class);
        assertThatThrownBy(() -> LambdaRuntime.invoke(entry, bytes(PAYMENT), null))
                .isInstanceOf(WritDeniedException.class);
        assertThat(Received.events()).isEmpty();
    }

    @Test
    void aCustomClassHandlerDoesNotRunForAWritMeantForAnHttpRequest() {
        LambdaRequestHandler entry = entryFor(name(Handlers.Pay.class));
        assertThatThrownBy(() -> LambdaRuntime.invoke(entry, bytes(envelope(Fixtures.validToken(), PAYMENT)), null))
                .isInstanceOfSatisfying(WritDeniedException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.REQUEST_MISMATCH));
        assertThat(Received.events()).isEmpty();
    }

    // Plain methods: the overload and parameter list the runtime picks.

    @Test
    void theOverloadEndingInAContextIsPickedAsTheRuntimePicksIt() throws Exception {
        List<Object> received = sameAsWithoutWrit(name(Handlers.Methods.class) + "::pay", PAYMENT, envelope(asyncToken(), PAYMENT), null);
        assertThat(received).singleElement().isInstanceOf(Payment.class);
    }

    @Test
    void everyOtherParameterListTheRuntimeAcceptsRunsAsUnderTheRuntime() throws Exception {
        String clientContext = clientContextWrit(asyncToken(), Map.of());
        for (String method : List.of("copy", "consume", "whoAmI", "ping")) {
            Received.clear();
            sameAsWithoutWrit(name(Handlers.Methods.class) + "::" + method, PAYMENT, PAYMENT, clientContext);
        }
    }

    @Test
    void noParameterListOfAPlainMethodRunsWithoutAWrit() {
        for (String method : List.of("pay", "copy", "consume", "whoAmI", "ping")) {
            LambdaRequestHandler entry = entryFor(name(Handlers.Methods.class) + "::" + method);
            assertThatThrownBy(() -> LambdaRuntime.invoke(entry, bytes(PAYMENT), null)).as(method)
                    .isInstanceOfSatisfying(WritDeniedException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.MISSING_WRIT));
        }
        LambdaRequestHandler count = entryFor(name(Handlers.Methods.class) + "::count");
        assertThatThrownBy(() -> LambdaRuntime.invoke(count, bytes(sqs("")), null)).isInstanceOf(WritDeniedException.class);
        assertThat(Received.events()).as("no method's code ran").isEmpty();
    }

    // Stream handlers: the exact bytes.

    @Test
    void aStreamHandlerGetsTheEventsExactBytes() throws Exception {
        String event = rest(restWrit(Fixtures.validToken()));
        assertThat(sameAsWithoutWrit(name(Handlers.Stream.class), event, event, null)).containsExactly(event);
    }

    @Test
    void aStreamHandlerDoesNotRunWithoutAWrit() throws Exception {
        assertForbidden(LambdaRuntime.invoke(entryFor(name(Handlers.Stream.class)), bytes(rest(e -> { })), null));
    }

    // What the handler throws reaches the runtime unchanged.

    @Test
    void aCheckedExceptionOfTheHandlerReachesTheRuntimeAsItWouldWithoutWrit() {
        String handler = name(Handlers.Methods.class) + "::refuse";
        Throwable expected = thrownBy(() -> LambdaRuntime.invoke(LambdaRuntime.load(handler), bytes(PAYMENT), null));
        Throwable actual = thrownBy(() -> LambdaRuntime.invoke(entryFor(handler), bytes(envelope(asyncToken(), PAYMENT)), null));
        assertThat(actual).isInstanceOf(IOException.class).hasMessage(expected.getMessage())
                .hasSameClassAs(expected).hasMessage("ledger offline for p-7");
    }

    @Test
    void anUncheckedExceptionOfTheHandlerReachesTheRuntimeAsItWouldWithoutWrit() {
        String handler = name(Handlers.Methods.class) + "::crash";
        Throwable expected = thrownBy(() -> LambdaRuntime.invoke(LambdaRuntime.load(handler), bytes(PAYMENT), null));
        Throwable actual = thrownBy(() -> LambdaRuntime.invoke(entryFor(handler), bytes(envelope(asyncToken(), PAYMENT)), null));
        assertThat(actual).hasSameClassAs(expected).hasMessage(expected.getMessage()).hasMessage("cannot pay p-7");
    }

    @Test
    void anEventThatIsNotTheHandlersTypeFailsWithTheRuntimesParseError() {
        String handler = name(Handlers.Pay.class);
        String notAPayment = "[1,2]";
        Throwable expected = thrownBy(() -> LambdaRuntime.invoke(LambdaRuntime.load(handler), bytes(notAPayment), null));
        Throwable actual = thrownBy(() -> LambdaRuntime.invoke(entryFor(handler), bytes(envelope(asyncToken(), notAPayment)), null));
        assertThat(actual).hasSameClassAs(expected).hasMessage(expected.getMessage())
                .hasMessage("An error occurred during JSON parsing");
        assertThat(actual.getCause()).hasSameClassAs(expected.getCause());
        assertThat(Received.events()).isEmpty();
    }

    private static Throwable thrownBy(ThrowingCall call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected the invocation to fail");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }
}
