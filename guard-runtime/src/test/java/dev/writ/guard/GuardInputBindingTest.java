package dev.writ.guard;

import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.Writ;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The writ's bound inputs ({@code in}) checked by the guard on real event shapes: a writ the
 * authorizer issued for {@code X-Payment-Amount: 100} does not run a handler that receives another
 * amount, whatever the event type and wherever the value hides.
 */
class GuardInputBindingTest {

    private static final String AMOUNT = BoundInputs.header("X-Payment-Amount");

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final Guard guard = Guard.create(GuardConfig.builder().verifier(Fixtures.verifierConfig().build())
            .logTo(new PrintStream(logBytes, true, StandardCharsets.UTF_8)).build());
    private final Context context = new TestContext(FUNCTION);
    private final List<Writ> ran = new ArrayList<>();

    private static String writFor(Map<String, String> inputs) {
        return Fixtures.token(validWrit().inputs(BoundInputs.ofValues(inputs)).build());
    }

    private APIGatewayProxyResponseEvent rest(String token, Consumer<Map<String, Object>> edit) {
        APIGatewayProxyRequestEvent event = Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", e -> {
            Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", token);
            edit.accept(e);
        }));
        return guard.handle(event, context, (in, c, writ) -> {
            ran.add(writ);
            return new APIGatewayProxyResponseEvent().withStatusCode(201);
        });
    }

    private static Consumer<Map<String, Object>> amount(String single, List<String> multi) {
        return e -> {
            Events.child(e, "headers").put("X-Payment-Amount", single);
            Events.child(e, "multiValueHeaders").put("X-Payment-Amount", multi);
        };
    }

    private void assertMismatch(int status, String detail) {
        assertThat(status).isEqualTo(403);
        assertThat(ran).as("the handler must not run").isEmpty();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("\"reason\":\"REQUEST_MISMATCH\"").contains(detail);
    }

    @Test
    void runsTheHandlerForTheAmountTheWritWasIssuedFor() {
        String token = writFor(Map.of(AMOUNT, "100", BoundInputs.SOURCE_IP, "203.0.113.10"));
        assertThat(rest(token, amount("100", List.of("100"))).getStatusCode()).isEqualTo(201);
        assertThat(ran).hasSize(1);
    }

    @Test
    void deniesTheWritReplayedWithAnotherAmount() {
        APIGatewayProxyResponseEvent response = rest(writFor(Map.of(AMOUNT, "100")),
                amount("99999999", List.of("99999999")));
        assertMismatch(response.getStatusCode(), "header x-payment-amount does not match the value the writ was issued for");
        assertThat(Json.parseObject(response.getBody())).containsEntry("code", "REQUEST_MISMATCH");
    }

    @Test
    void deniesAnAmountRepeatedWithAnotherValueInTheMultiValueHeaders() {
        // REST puts the last value of a repeated header in headers, all of them in multiValueHeaders.
        APIGatewayProxyResponseEvent response = rest(writFor(Map.of(AMOUNT, "100")),
                amount("100", List.of("99999999", "100")));
        assertMismatch(response.getStatusCode(), "header x-payment-amount carries more than one value");
    }

    @Test
    void deniesTheWritWhenTheHeaderIsGone() {
        APIGatewayProxyResponseEvent response = rest(writFor(Map.of(AMOUNT, "100")), e -> { });
        assertMismatch(response.getStatusCode(), "header x-payment-amount is bound by the writ but absent from the event");
    }

    @Test
    void deniesAnotherSourceAddress() {
        APIGatewayProxyResponseEvent response = rest(writFor(Map.of(BoundInputs.SOURCE_IP, "198.51.100.1")), e -> { });
        assertMismatch(response.getStatusCode(), "source IP does not match");
    }

    @Test
    void checksHttpApiEventsToo() {
        String token = writFor(Map.of(AMOUNT, "100"));
        for (String amount : List.of("100", "99999999")) {
            APIGatewayV2HTTPEvent event = Events.typed(APIGatewayV2HTTPEvent.class, GuardEvents.json("http-v2", e -> {
                Events.child(Events.child(Events.child(e, "requestContext"), "authorizer"), "lambda").put("writ", token);
                Events.child(e, "headers").put("x-payment-amount", amount);
            }));
            APIGatewayV2HTTPResponse response = guard.handle(event, context, (in, c, writ) -> {
                ran.add(writ);
                return APIGatewayV2HTTPResponse.builder().withStatusCode(201).build();
            });
            assertThat(response.getStatusCode()).as(amount).isEqualTo(amount.equals("100") ? 201 : 403);
        }
        assertThat(ran).hasSize(1);
    }

    @Test
    void checksEventsReadAsMapsLikeTypedOnes() throws Exception {
        String token = writFor(Map.of(AMOUNT, "100"));
        for (String amount : List.of("100", "99999999")) {
            byte[] event = GuardEvents.json("rest-proxy", e -> {
                Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", token);
                amount(amount, List.of(amount)).accept(e);
            }).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            guard.handleStream(new ByteArrayInputStream(event), out, context, (in, o, c, writ) -> ran.add(writ));
            if (!amount.equals("100")) {
                Map<String, Object> response = Json.parseObject(out.toByteArray());
                assertThat(Json.parseObject((String) response.get("body"))).containsEntry("code", "REQUEST_MISMATCH");
            }
        }
        assertThat(ran).hasSize(1);
    }

    @Test
    void bindsADirectInvokePayload() {
        Map<String, Object> payload = Map.of("amount", "700");
        String token = Fixtures.token(validWrit().request(null)
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, BoundInputs.canonicalJson(payload)))).build());
        assertThat((String) guard.handle(Map.of("writ", token, "payload", payload), context,
                (in, c, writ) -> "posted")).isEqualTo("posted");
        assertThatThrownBy(() -> guard.handle(Map.of("writ", token, "payload", Map.of("amount", "99999999")), context,
                (in, c, writ) -> ran.add(writ)))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
        // An envelope without a payload member cannot carry the bound one.
        assertThatThrownBy(() -> guard.handle(Map.of("writ", token, "amount", "700"), context,
                (in, c, writ) -> ran.add(writ)))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
        assertThat(ran).isEmpty();
    }

    @Test
    void aStreamedPayloadNumberItsCanonicalJsonRoundsDoesNotRunOnAWritForTheRoundedOne() throws Exception {
        // RFC 8785 prints 120.000000000000001 as 120; a handler reading the payload exactly would get more.
        String token = Fixtures.token(validWrit().request(null)
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, "{\"amount\":120}"))).build());
        for (String amount : List.of("120.000000000000001", "1e-400")) {
            byte[] envelope = ("{\"writ\":\"" + token + "\",\"payload\":{\"amount\":" + amount + "}}").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> guard.handleStream(new ByteArrayInputStream(envelope), new ByteArrayOutputStream(), context,
                    (in, o, c, writ) -> ran.add(writ)))
                    .as(amount).isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
        }
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("payload has no canonical JSON that binds it exactly");
        // Spellings of exactly 120 run, and the handler gets the payload as sent.
        for (String amount : List.of("120", "120.0", "1.2e2")) {
            byte[] envelope = ("{\"writ\":\"" + token + "\",\"payload\":{\"amount\":" + amount + "}}").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            guard.handleStream(new ByteArrayInputStream(envelope), out, context, (in, o, c, writ) -> o.write(in.readAllBytes()));
            assertThat(Json.parseObject(out.toByteArray()).get("amount")).as(amount).isIn(120, 120.0);
        }
        assertThat(ran).isEmpty();
    }

    @Test
    void bindsTheWholeEventWhenTheWritCameInTheClientContext() {
        Map<String, Object> event = Map.of("amount", "700");
        String token = Fixtures.token(validWrit().request(null)
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, BoundInputs.canonicalJson(event)))).build());
        Context withWrit = new TestContext(FUNCTION, Map.of("writ", token));
        assertThat((String) guard.handle(event, withWrit, (in, c, writ) -> "posted")).isEqualTo("posted");
        assertThatThrownBy(() -> guard.handle(Map.of("amount", "1"), withWrit, (in, c, writ) -> ran.add(writ)))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
        assertThat(ran).isEmpty();
    }

    @Test
    void deniesABoundWritOnAnEventThatCannotCarryTheInput() {
        String token = Fixtures.token(validWrit().request(null)
                .inputs(BoundInputs.ofValues(Map.of(AMOUNT, "100"))).build());
        String json = GuardEvents.json("sqs", e -> { }).replace("WRIT_1", token).replace("WRIT_2", token);
        assertThatThrownBy(() -> guard.handle(Events.typed(SQSEvent.class, json), context, (in, c, writ) -> ran.add(writ)))
                .isInstanceOfSatisfying(WritDeniedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.REQUEST_MISMATCH));
        assertThat(ran).isEmpty();
    }
}
