package dev.writ.guard;

import dev.writ.testsupport.Events;
import dev.writ.testsupport.TestContext;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.VerifierConfig;
import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.guard.WritCarrier;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.ReasonCode;
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

/** The guard end to end in one process: real event shapes in, user code runs only when allowed. */
class GuardTest {

    private static final String REST_REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final Guard guard = guard(Fixtures.verifierConfig().replayStore(Fixtures.memoryReplayStore()).build());
    private final Context context = new TestContext(FUNCTION);
    private final List<Writ> ran = new ArrayList<>();

    private Guard guard(dev.writ.guard.writ.VerifierConfig verifier) {
        return Guard.create(GuardConfig.builder().verifier(verifier)
                .logTo(new PrintStream(logBytes, true, StandardCharsets.UTF_8)).build());
    }

    /** The sample handler: its body records that it ran. */
    private final class SampleHandler extends GuardedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        SampleHandler(Guard guard) {
            super(guard);
        }

        @Override
        protected APIGatewayProxyResponseEvent handleVerified(APIGatewayProxyRequestEvent input, Context context, Writ writ) {
            ran.add(writ);
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("hello " + writ.subject());
        }
    }

    private static APIGatewayProxyRequestEvent restEvent(Consumer<Map<String, Object>> edit) {
        return Events.typed(APIGatewayProxyRequestEvent.class, GuardEvents.json("rest-proxy", edit));
    }

    private static Consumer<Map<String, Object>> authorizerWrit(String token) {
        return e -> Events.child(Events.child(e, "requestContext"), "authorizer").put("writ", token);
    }

    private APIGatewayProxyResponseEvent callRest(APIGatewayProxyRequestEvent event) {
        return new SampleHandler(guard).handleRequest(event, context);
    }

    private void assertDenied(APIGatewayProxyResponseEvent response, ReasonCode code) {
        assertForbidden(response.getStatusCode(), response.getHeaders(), response.getBody(), code, REST_REQUEST_ID);
        assertThat(ran).as("the handler body must not run for a denial").isEmpty();
    }

    /**
     * The denial as the caller sees it: 403, a JSON content type and a body of exactly
     * {@code {"message":"Forbidden","code":…,"requestId":…}}; the detail the decision log got
     * (which may name keys, claims or an exception) stays out of it.
     */
    private void assertForbidden(Object status, Map<String, String> headers, String body, ReasonCode code, String requestId) {
        assertThat(status).isEqualTo(403);
        assertThat(headers).isEqualTo(Map.of("Content-Type", "application/json"));
        assertThat(body).as("the documented body, in its documented order")
                .isEqualTo("{\"message\":\"Forbidden\",\"code\":\"" + code.name() + "\",\"requestId\":\"" + requestId + "\"}");
        String[] log = logBytes.toString(StandardCharsets.UTF_8).split("\n");
        Map<String, Object> decision = Json.parseObject(log[log.length - 1]);
        assertThat(decision).containsEntry("reason", code.name());
        assertThat((String) decision.get("detail")).isNotBlank().satisfies(detail -> assertThat(body).doesNotContain(detail));
    }

    @Test
    void runsTheHandlerWithVerifiedClaimsForAWritInTheRestAuthorizerContext() {
        APIGatewayProxyResponseEvent response = callRest(restEvent(authorizerWrit(Fixtures.validToken())));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("hello user-42");
        assertThat(ran).hasSize(1);
    }

    @Test
    void acceptsAWritInTheXWritHeader() {
        WritClaims writ = validWrit().subject("header-user").build();
        APIGatewayProxyResponseEvent response = callRest(restEvent(e -> Events.child(e, "headers")
                .put("x-writ", Fixtures.token(writ))));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("hello header-user");
        assertThat(ran).extracting(Writ::claims).containsExactly(writ);
    }

    @Test
    void prefersTheAuthorizerContextOverACallerSuppliedHeader() {
        WritClaims fromAuthorizer = validWrit().subject("authorized-user").build();
        WritClaims fromCaller = validWrit().subject("header-user").build();
        APIGatewayProxyResponseEvent both = callRest(restEvent(authorizerWrit(Fixtures.token(fromAuthorizer))
                .andThen(e -> Events.child(e, "headers").put("X-Writ", Fixtures.token(fromCaller)))));
        assertThat(both.getBody()).isEqualTo("hello authorized-user");
        assertThat(ran).extracting(Writ::claims).containsExactly(fromAuthorizer);
        ran.clear();

        APIGatewayProxyRequestEvent badContext = restEvent(authorizerWrit("not-a-writ")
                .andThen(e -> Events.child(e, "headers").put("X-Writ", Fixtures.token(fromCaller))));
        assertDenied(callRest(badContext), ReasonCode.MALFORMED);
    }

    @Test
    void prefersTheHttpApiAuthorizerContextOverACallerSuppliedHeader() {
        WritClaims fromAuthorizer = validWrit().subject("authorized-user").build();
        WritClaims fromCaller = validWrit().subject("header-user").build();
        APIGatewayV2HTTPEvent event = Events.typed(APIGatewayV2HTTPEvent.class, GuardEvents.json("http-v2", e -> {
            Events.child(Events.child(Events.child(e, "requestContext"), "authorizer"), "lambda").put("writ", Fixtures.token(fromAuthorizer));
            Events.child(e, "headers").put("x-writ", Fixtures.token(fromCaller));
        }));
        guard.handle(event, context, (in, c, writ) -> {
            ran.add(writ);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
        });
        assertThat(ran).extracting(Writ::claims).containsExactly(fromAuthorizer);
    }

    @Test
    void deniesAMissingWrit() {
        assertDenied(callRest(restEvent(e -> { })), ReasonCode.MISSING_WRIT);
    }

    @Test
    void deniesAForgedWrit() {
        String token = Fixtures.validToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(86);
        assertDenied(callRest(restEvent(authorizerWrit(forged))), ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void deniesAnExpiredWrit() {
        WritClaims expired = validWrit().issuedAt(Fixtures.NOW - 200).notBefore(null).expiresAt(Fixtures.NOW - 100).build();
        assertDenied(callRest(restEvent(authorizerWrit(Fixtures.token(expired)))), ReasonCode.EXPIRED);
    }

    @Test
    void deniesAWritForAnotherFunction() {
        String token = Fixtures.token(validWrit().audience("payments-refund").build());
        assertDenied(callRest(restEvent(authorizerWrit(token))), ReasonCode.WRONG_AUDIENCE);
    }

    @Test
    void deniesAWritForAnotherRoute() {
        APIGatewayProxyRequestEvent event = restEvent(authorizerWrit(Fixtures.validToken())
                .andThen(e -> e.put("path", "/payments/p-1/refund")));
        assertDenied(callRest(event), ReasonCode.REQUEST_MISMATCH);
    }

    @Test
    void deniesAnotherQueryString() {
        APIGatewayProxyRequestEvent event = restEvent(authorizerWrit(Fixtures.validToken())
                .andThen(e -> e.put("multiValueQueryStringParameters", Map.of("dryRun", List.of("true")))));
        assertDenied(callRest(event), ReasonCode.REQUEST_MISMATCH);
    }

    @Test
    void deniesTheReplayOfASingleUseWrit() {
        String token = Fixtures.token(validWrit().singleUse(true).build());
        assertThat(callRest(restEvent(authorizerWrit(token))).getStatusCode()).isEqualTo(200);
        ran.clear();
        assertDenied(callRest(restEvent(authorizerWrit(token))), ReasonCode.REPLAYED);
    }

    @Test
    void deniesWithInternalErrorWhenTheGuardItselfFails() {
        Guard broken = guard(Fixtures.verifierConfig().keys(kid -> {
            throw new IllegalStateException("boom");
        }).build());
        APIGatewayProxyResponseEvent response = new SampleHandler(broken)
                .handleRequest(restEvent(authorizerWrit(Fixtures.validToken())), context);
        assertDenied(response, ReasonCode.INTERNAL_ERROR);
    }

    @Test
    void guardsHttpApiEvents() {
        String token = Fixtures.validToken();
        APIGatewayV2HTTPEvent allowed = Events.typed(APIGatewayV2HTTPEvent.class, GuardEvents.json("http-v2",
                e -> Events.child(Events.child(Events.child(e, "requestContext"), "authorizer"), "lambda").put("writ", token)));
        APIGatewayV2HTTPResponse ok = guard.handle(allowed, context, (in, c, writ) -> {
            ran.add(writ);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
        });
        assertThat(ok.getStatusCode()).isEqualTo(200);
        ran.clear();

        APIGatewayV2HTTPEvent otherRoute = Events.typed(APIGatewayV2HTTPEvent.class, GuardEvents.json("http-v2",
                e -> {
                    Events.child(Events.child(Events.child(e, "requestContext"), "authorizer"), "lambda").put("writ", token);
                    e.put("rawPath", "/admin");
                }));
        APIGatewayV2HTTPResponse denied = guard.handle(otherRoute, context, (in, c, writ) -> {
            ran.add(writ);
            return null;
        });
        assertForbidden(denied.getStatusCode(), denied.getHeaders(), denied.getBody(), ReasonCode.REQUEST_MISMATCH,
                "JKJaXmPLvHcESHA=");
        assertThat(ran).isEmpty();
    }

    @Test
    void shapesDenialsAsMapsForMapTypedApiGatewayHandlers() {
        String token = Fixtures.validToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(86);
        Map<String, Object> event = Json.parseObject(GuardEvents.json("rest-proxy", authorizerWrit(forged)));
        Object response = guard.handle(event, context, (in, c, writ) -> {
            ran.add(writ);
            return Map.of("statusCode", 200);
        });
        assertThat(response).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) response;
        assertThat(map).containsOnlyKeys("statusCode", "headers", "body");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) map.get("headers");
        assertForbidden(map.get("statusCode"), headers, (String) map.get("body"), ReasonCode.BAD_SIGNATURE, REST_REQUEST_ID);
        assertThat(ran).isEmpty();
    }

    private <I> String handleToString(I input, Context c, GuardedFunction<I, String> function) {
        return guard.handle(input, c, function);
    }

    private static String asyncToken() {
        return Fixtures.token(validWrit().request(null).build());
    }

    @Test
    void guardsEverySqsRecord() {
        String token = asyncToken();
        String json = GuardEvents.json("sqs", e -> { }).replace("WRIT_1", token).replace("WRIT_2", token);
        assertThat(handleToString(Events.typed(SQSEvent.class, json), context, (in, c, writ) -> {
            ran.add(writ);
            return "done";
        })).isEqualTo("done");

        String oneMissing = GuardEvents.json("sqs", e -> { }).replace("WRIT_1", token).replace("WRIT_2", "");
        assertThatThrownBy(() -> guard.handle(Events.typed(SQSEvent.class, oneMissing), context, (in, c, writ) -> {
            ran.add(writ);
            return "done";
        })).isInstanceOfSatisfying(WritDeniedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.MISSING_WRIT));
        assertThat(ran).hasSize(1);
    }

    @Test
    void refusesASingleUseWritRepeatedAcrossABatch() {
        String once = Fixtures.token(validWrit().request(null).singleUse(true).build());
        String json = GuardEvents.json("sqs", e -> { }).replace("WRIT_1", once).replace("WRIT_2", once);
        assertThatThrownBy(() -> guard.handle(Events.typed(SQSEvent.class, json), context, (in, c, writ) -> {
            ran.add(writ);
            return "done";
        })).isInstanceOfSatisfying(WritDeniedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.REPLAYED));
        assertThat(ran).isEmpty();
    }

    @Test
    void guardsSnsNotifications() {
        String json = GuardEvents.json("sns", e -> { }).replace("WRIT_1", asyncToken());
        assertThat(handleToString(Events.typed(SNSEvent.class, json), context, (in, c, writ) -> writ.subject()))
                .isEqualTo("user-42");
        String bound = GuardEvents.json("sns", e -> { }).replace("WRIT_1", Fixtures.validToken());
        assertThatThrownBy(() -> guard.handle(Events.typed(SNSEvent.class, bound), context, (in, c, writ) -> {
            ran.add(writ);
            return null;
        })).isInstanceOfSatisfying(WritDeniedException.class,
                e -> assertThat(e.reason()).isEqualTo(ReasonCode.REQUEST_MISMATCH));
        assertThat(ran).isEmpty();
    }

    @Test
    void guardsDirectInvokeEnvelopes() {
        Map<String, Object> envelope = Map.of("writ", asyncToken(), "payload", Map.of("amount", 5));
        assertThat(handleToString(envelope, context, (in, c, writ) -> writ.subject())).isEqualTo("user-42");
        assertThatThrownBy(() -> guard.handle(Map.of("payload", Map.of()), context, (in, c, writ) -> {
            ran.add(writ);
            return null;
        })).isInstanceOf(WritDeniedException.class).hasMessageContaining("MISSING_WRIT").hasMessageContaining(context.getAwsRequestId());
        assertThat(ran).isEmpty();
    }

    @Test
    void readsTheWritFromATypedCarrierInput() {
        WritCarrier input = Fixtures::validToken;
        String token = asyncToken();
        WritCarrier async = () -> token;
        assertThat(handleToString(async, context, (in, c, writ) -> writ.id())).startsWith("jti-");
        assertThatThrownBy(() -> guard.handle(input, context, (in, c, writ) -> null))
                .isInstanceOf(WritDeniedException.class).hasMessageContaining("REQUEST_MISMATCH");
    }

    @Test
    void readsTheWritFromTheClientContext() {
        Context withClientContext = new TestContext(FUNCTION, Map.of("writ", asyncToken()));
        assertThat(handleToString("plain input", withClientContext, (in, c, writ) -> in + " by " + writ.subject()))
                .isEqualTo("plain input by user-42");
    }

    @Test
    void unwrapsTheEnvelopeForStreamHandlers() throws Exception {
        byte[] envelope = Json.writeBytes(Map.of("writ", asyncToken(), "payload", Map.of("amount", 5)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        guard.handleStream(new ByteArrayInputStream(envelope), out, context, (in, o, c, writ) ->
                o.write(in.readAllBytes()));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"amount\":5}");
    }

    @Test
    void writesA403ForDeniedApiGatewayStreamEvents() throws Exception {
        byte[] event = GuardEvents.json("rest-proxy", e -> { }).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        guard.handleStream(new ByteArrayInputStream(event), out, context, (in, o, c, writ) -> ran.add(writ));
        Map<String, Object> response = Json.parseObject(out.toByteArray());
        assertThat(response).containsOnlyKeys("statusCode", "headers", "body");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) response.get("headers");
        assertForbidden(response.get("statusCode"), headers, (String) response.get("body"), ReasonCode.MISSING_WRIT,
                REST_REQUEST_ID);
        assertThat(ran).isEmpty();
    }

    @Test
    void deniesNonJsonStreamInputWithoutAClientContextWrit() {
        byte[] garbage = "\u0000\u0001 not json".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> guard.handleStream(new ByteArrayInputStream(garbage), new ByteArrayOutputStream(),
                context, (in, o, c, writ) -> ran.add(writ))).isInstanceOf(WritDeniedException.class);
        assertThat(ran).isEmpty();
    }

    @Test
    void logsOneJsonLinePerDecision() {
        callRest(restEvent(authorizerWrit(Fixtures.validToken())));
        callRest(restEvent(e -> { }));
        String[] lines = logBytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        Map<String, Object> allowed = Json.parseObject(lines[0]);
        assertThat(allowed).containsEntry("decision", "allow").containsEntry("reason", "ALLOWED")
                .containsEntry("sub", "user-42").containsEntry("function", FUNCTION)
                .containsEntry("event", "API_GATEWAY_REST").containsKeys("jti", "latencyUs");
        Map<String, Object> denied = Json.parseObject(lines[1]);
        assertThat(denied).containsEntry("decision", "deny").containsEntry("reason", "MISSING_WRIT")
                .doesNotContainKey("sub");
    }

    @Test
    void letsUserExceptionsThroughUnchanged() {
        IllegalArgumentException boom = new IllegalArgumentException("user bug");
        assertThatThrownBy(() -> guard.handle(restEvent(authorizerWrit(Fixtures.validToken())), context,
                (in, c, writ) -> {
                    throw boom;
                })).isSameAs(boom);
    }
}
