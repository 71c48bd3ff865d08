package dev.writ.authorizer;


import dev.writ.testsupport.TestIdp;
import dev.writ.testsupport.TestJwks;
import dev.writ.guard.writ.WritClaims;
import dev.writ.authorizer.sign.DelegatedWritSigner;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.guard.Guard;
import dev.writ.core.json.Json;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.Signer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The authorizer's writ, carried by API Gateway in the authorizer context of the backend's event,
 * passes guard-runtime's {@link Guard} for the matching request and nothing else.
 */
class GuardEndToEndTest {
    private static final Clock CLOCK = TestWorld.clockAt(TestWorld.MONDAY_10);
    @RegisterExtension
    static final TestIdp idp = new TestIdp();

    private static String viewerToken() {
        return idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10);
    }

    /** The REST proxy event of GET /payments/p-1001?expand=refunds on a1b2c3/prod, with the authorizer context. */
    private static APIGatewayProxyRequestEvent restBackendEvent(String path, Map<String, Object> authorizerContext) {
        return restBackendEvent(path, authorizerContext, List.of("refunds"));
    }

    /** As {@link #restBackendEvent(String, Map)}, with {@code expand} given as these values. */
    private static APIGatewayProxyRequestEvent restBackendEvent(String path, Map<String, Object> authorizerContext,
                                                                List<String> expand) {
        String json = Json.write(edit(TestWorld.resource("/events/rest-proxy.json"), e -> {
            e.put("httpMethod", "GET");
            e.put("path", path);
            e.put("resource", "/payments/{paymentId}");
            repeatedQuery(e, expand);
            Map<String, Object> rc = TestWorld.map(e, "requestContext");
            rc.put("httpMethod", "GET");
            rc.put("authorizer", authorizerContext);
        }));
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, getClass0()).fromJson(json);
    }

    private static APIGatewayV2HTTPEvent httpBackendEvent(String rawPath, String writ) {
        String json = Json.write(edit(TestWorld.resource("/events/http-v2.json"), e -> {
            e.put("routeKey", "GET /payments/{paymentId}");
            e.put("rawPath", rawPath);
            e.put("rawQueryString", "expand=refunds");
            Map<String, Object> rc = TestWorld.map(e, "requestContext");
            TestWorld.map(rc, "http").put("method", "GET");
            TestWorld.map(rc, "http").put("path", rawPath);
            rc.put("authorizer", Map.of("lambda", Map.of("writ", writ)));
        }));
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass0()).fromJson(json);
    }

    private static ClassLoader getClass0() {
        return GuardEndToEndTest.class.getClassLoader();
    }

    private static Map<String, Object> edit(String json, java.util.function.Consumer<Map<String, Object>> edit) {
        Map<String, Object> tree = Json.parseObject(json);
        edit.accept(tree);
        return tree;
    }

    private static Object runGuarded(Guard guard, Object event, AtomicBoolean ran) {
        return guard.handle(event, null, (e, c, writ) -> {
            ran.set(true);
            return e instanceof APIGatewayV2HTTPEvent
                    ? APIGatewayV2HTTPResponse.builder().withStatusCode(200).build()
                    : new APIGatewayProxyResponseEvent().withStatusCode(200);
        });
    }

    private static Authorizer authorizer(Signer signer) {
        return TestWorld.authorizer(idp, CLOCK, new ByteArrayOutputStream()).signer(() -> signer).build();
    }

    private static JWKSet writKeys() {
        return new JWKSet(TestWorld.WRIT_KEY.toPublicJWK());
    }

    @Test
    void restRequestWritPassesTheGuardForItsRequestOnly() {
        Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()), TestWorld.event("rest-request", viewerToken(), e -> { }));
        var response = authorizer(TestWorld.writSigner()).restResponse(
                ((dev.writ.authorizer.event.RecordedEvent.Rest) TestWorld.event("rest-request", viewerToken(), e -> { })).event(), o);
        Map<String, Object> context = response.getContext();
        Guard guard = TestWorld.guard("payments-read", writKeys(), CLOCK);

        AtomicBoolean ran = new AtomicBoolean();
        Object ok = runGuarded(guard, restBackendEvent("/payments/p-1001", context), ran);
        assertThat(ran).isTrue();
        assertThat(((APIGatewayProxyResponseEvent) ok).getStatusCode()).isEqualTo(200);

        AtomicBoolean ranElsewhere = new AtomicBoolean();
        Object denied = runGuarded(guard, restBackendEvent("/payments/p-2002", context), ranElsewhere);
        assertThat(ranElsewhere).isFalse();
        assertThat(((APIGatewayProxyResponseEvent) denied).getStatusCode()).isEqualTo(403);
        assertThat(((APIGatewayProxyResponseEvent) denied).getBody()).contains("REQUEST_MISMATCH");
    }

    /** A clerk's POST /payments REST REQUEST authorizer event with {@code X-Payment-Amount: amount}. */
    private static dev.writ.authorizer.event.RecordedEvent createPayment(String amount, String method) {
        return createPayment(amount, method, e -> { });
    }

    /** As {@link #createPayment(String, String)}, with {@code more} applied to the event. */
    private static dev.writ.authorizer.event.RecordedEvent createPayment(String amount, String method,
                                                                        java.util.function.Consumer<Map<String, Object>> more) {
        String clerk = idp.token("carl", List.of("clerk"), TestWorld.MONDAY_10);
        return TestWorld.event("rest-request", clerk, e -> {
            e.put("httpMethod", method);
            e.put("path", "/payments");
            e.put("resource", "/payments");
            e.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/prod/POST/payments");
            e.put("pathParameters", null);
            e.put("queryStringParameters", null);
            TestWorld.map(e, "headers").put("X-Payment-Amount", amount);
            more.accept(e);
        });
    }

    /** The backend's REST proxy event for POST /payments with these amount headers. */
    private static APIGatewayProxyRequestEvent createPaymentBackendEvent(Map<String, Object> authorizerContext,
                                                                          String amount, List<String> multiValue) {
        String json = Json.write(edit(TestWorld.resource("/events/rest-proxy.json"), e -> {
            e.put("httpMethod", "POST");
            e.put("path", "/payments");
            e.put("resource", "/payments");
            e.put("queryStringParameters", null);
            e.put("multiValueQueryStringParameters", null);
            TestWorld.map(e, "headers").put("X-Payment-Amount", amount);
            TestWorld.map(e, "multiValueHeaders").put("X-Payment-Amount", multiValue);
            TestWorld.map(e, "requestContext").put("authorizer", authorizerContext);
        }));
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, getClass0()).fromJson(json);
    }

    @Test
    void aWritForOneAmountDoesNotRunTheFunctionForAnother() {
        Authorizer authorizer = authorizer(TestWorld.writSigner());
        var event = ((dev.writ.authorizer.event.RecordedEvent.Rest) createPayment("100", "POST")).event();
        Decision o = authorizer.decide(event);
        assertThat(o.isAllowed()).as(o.detail()).isTrue();
        assertThat(o.writ().orElseThrow().inputs().digests()).containsOnlyKeys("h:x-payment-amount");
        Map<String, Object> context = authorizer.restResponse(event, o).getContext();
        Guard guard = TestWorld.guard("payments-write", writKeys(), CLOCK);

        AtomicBoolean ran = new AtomicBoolean();
        runGuarded(guard, createPaymentBackendEvent(context, "100", List.of("100")), ran);
        assertThat(ran).as("the amount the policy decided on").isTrue();

        for (List<String> replayed : List.of(List.of("99999999"), List.of("99999999", "100"))) {
            AtomicBoolean ranReplayed = new AtomicBoolean();
            Object denied = runGuarded(guard, createPaymentBackendEvent(context, replayed.get(replayed.size() - 1),
                    replayed), ranReplayed);
            assertThat(ranReplayed).as("replayed with %s", replayed).isFalse();
            assertThat(((APIGatewayProxyResponseEvent) denied).getBody()).contains("REQUEST_MISMATCH");
        }
    }

    /**
     * A REST REQUEST authorizer event and the backend's proxy event for GET /payments/p-1001 with
     * {@code expand} given as these values, both as API Gateway writes them: the last value in
     * {@code queryStringParameters}, every value in {@code multiValueQueryStringParameters}.
     */
    private static Map<String, Object> repeatedQuery(Map<String, Object> event, List<String> expand) {
        event.put("queryStringParameters", Map.of("expand", expand.get(expand.size() - 1)));
        event.put("multiValueQueryStringParameters", Map.of("expand", expand));
        return event;
    }

    @Test
    void aRestWritForARepeatedQueryParameterPassesTheGuardForThatQueryOnly() {
        List<String> expand = List.of("refunds", "history");
        Authorizer authorizer = authorizer(TestWorld.writSigner());
        var event = ((dev.writ.authorizer.event.RecordedEvent.Rest) TestWorld.event("rest-request", viewerToken(),
                e -> repeatedQuery(e, expand))).event();
        Decision o = authorizer.decide(event);
        assertThat(o.isAllowed()).as(o.detail()).isTrue();
        Map<String, Object> context = authorizer.restResponse(event, o).getContext();
        Guard guard = TestWorld.guard("payments-read", writKeys(), CLOCK);

        AtomicBoolean ran = new AtomicBoolean();
        runGuarded(guard, restBackendEvent("/payments/p-1001", context, expand), ran);
        assertThat(ran).as("the query the authorizer decided on, every value of it").isTrue();

        AtomicBoolean ranWithLastOnly = new AtomicBoolean();
        Object denied = runGuarded(guard, restBackendEvent("/payments/p-1001", context, List.of("history")), ranWithLastOnly);
        assertThat(ranWithLastOnly).isFalse();
        assertThat(((APIGatewayProxyResponseEvent) denied).getBody()).contains("REQUEST_MISMATCH");
    }

    @Test
    void aRestRequestWithARepeatedInputIsDecidedOnEveryValue() {
        Authorizer authorizer = authorizer(TestWorld.writSigner());
        // API Gateway keeps the last value in headers: the authorizer saw 100, the function would get both.
        Decision twoAmounts = authorizer.decide(createPayment("100", List.of("99999999", "100")));
        assertThat(twoAmounts.isAllowed()).isFalse();
        assertThat(twoAmounts.reason() + " " + twoAmounts.detail())
                .isEqualTo("BAD_REQUEST header X-Payment-Amount is given more than once");

        // The same value twice is one value, as the guard reads it.
        var sameTwice = createPayment("100", List.of("100", "100"));
        Decision o = authorizer.decide(sameTwice);
        assertThat(o.isAllowed()).as(o.detail()).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        runGuarded(TestWorld.guard("payments-write", writKeys(), CLOCK),
                createPaymentBackendEvent(authorizer.restResponse(sameTwice, o).getContext(), "100", List.of("100", "100")), ran);
        assertThat(ran).isTrue();
    }

    /** {@link #createPayment} as API Gateway sends it with the amount header given as {@code amounts}, {@code last} last. */
    private static dev.writ.authorizer.event.RestAuthorizerEvent createPayment(String last, List<String> amounts) {
        return ((dev.writ.authorizer.event.RecordedEvent.Rest) createPayment(last, "POST",
                e -> e.put("multiValueHeaders", Map.of("X-Payment-Amount", amounts)))).event();
    }

    @Test
    void aLowerCaseMethodIsNoRouteAtTheAuthorizer() {
        // HTTP methods are case-sensitive; the guard compares the bound method exactly, so the authorizer
        // must not match "post" to the POST route (it would mint a writ its own guard refuses).
        Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()), createPayment("100", "post"));
        assertThat(o.isAllowed()).isFalse();
        assertThat(o.reason()).isEqualTo(ReasonCode.UNKNOWN_ROUTE);
    }

    @Test
    void restTokenWritPassesTheGuardWithoutAQueryBinding() {
        Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()), TestWorld.event("rest-token", viewerToken(), e -> { }));
        assertThat(o.writ().orElseThrow().request().orElseThrow().queryHash()).isNull();
        Guard guard = TestWorld.guard("payments-read", writKeys(), CLOCK);
        AtomicBoolean ran = new AtomicBoolean();
        runGuarded(guard, restBackendEvent("/payments/p-1001", Map.of("writ", o.token().orElseThrow())), ran);
        assertThat(ran).isTrue();
        AtomicBoolean ranElsewhere = new AtomicBoolean();
        Object denied = runGuarded(guard, restBackendEvent("/payments", Map.of("writ", o.token().orElseThrow())), ranElsewhere);
        assertThat(ranElsewhere).isFalse();
        assertThat(((APIGatewayProxyResponseEvent) denied).getBody()).contains("REQUEST_MISMATCH");
    }

    @Test
    void httpApiWritPassesTheGuardForItsRequestOnly() {
        Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()), TestWorld.event("http-request", viewerToken(), e -> { }));
        String writ = authorizer(TestWorld.writSigner()).httpSimpleResponse(o).getContext().get("writ");
        Guard guard = TestWorld.guard("payments-read", writKeys(), CLOCK);
        AtomicBoolean ran = new AtomicBoolean();
        runGuarded(guard, httpBackendEvent("/prod/payments/p-1001", writ), ran);
        assertThat(ran).isTrue();
        AtomicBoolean ranElsewhere = new AtomicBoolean();
        Object denied = runGuarded(guard, httpBackendEvent("/prod/payments/p-2002", writ), ranElsewhere);
        assertThat(ranElsewhere).isFalse();
        assertThat(((APIGatewayV2HTTPResponse) denied).getBody()).contains("REQUEST_MISMATCH");
    }

    @Test
    void writForTheReadFunctionDoesNotRunTheWriteFunction() {
        Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()), TestWorld.event("http-request", viewerToken(), e -> { }));
        Guard writeGuard = TestWorld.guard("payments-write", writKeys(), CLOCK);
        AtomicBoolean ran = new AtomicBoolean();
        Object denied = runGuarded(writeGuard, httpBackendEvent("/prod/payments/p-1001", o.token().orElseThrow()), ran);
        assertThat(ran).isFalse();
        assertThat(((APIGatewayV2HTTPResponse) denied).getBody()).contains("WRONG_AUDIENCE");
    }

    /** A viewer's token whose payload has {@code "sub":<subJson>}, signed by the IdP. */
    private static String viewerTokenWithSub(String subJson) {
        String payload = idp.token("vera", List.of("viewer"), TestWorld.MONDAY_10).split("\\.")[1];
        String claims = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
                .replace("\"sub\":\"vera\"", "\"sub\":" + subJson);
        return idp.signPayload(claims);
    }

    @Test
    void aSubTheGuardWouldRefuseIsABadTokenAndEverySubItAllowsPassesTheGuard() {
        String longest = "\"" + "é".repeat(WritClaims.MAX_SUBJECT_BYTES / 2) + "\"";
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("\"\"", "sub is empty"); // the guard: MALFORMED
        refused.put("\" \\t\\n\\u00a0\"", "sub is blank");
        refused.put("123", "sub must be a string");
        refused.put("null", "sub must be a string");
        refused.put("[\"vera\"]", "Illegal sub claim");
        refused.put("{\"id\":\"vera\"}", "Illegal sub claim");
        refused.put("\"vera\\ud800\"", "sub is not well-formed Unicode");
        refused.put("\"" + "é".repeat(WritClaims.MAX_SUBJECT_BYTES / 2) + "x\"", "sub is longer than");
        refused.put("\"" + "v".repeat(5000) + "\"", "sub is longer than"); // the token still fits its header
        Guard guard = TestWorld.guard("payments-read", writKeys(), CLOCK);
        SoftAssertions.assertSoftly(softly -> refused.forEach((sub, detail) -> {
            Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()),
                    TestWorld.event("http-request", viewerTokenWithSub(sub), e -> { }));
            softly.assertThat(o.reason() + " " + o.detail()).as(abbreviated(sub)).startsWith("BAD_TOKEN " + detail);
            softly.assertThat(o.effect()).as(abbreviated(sub)).isEqualTo(Decision.Effect.UNAUTHORIZED);
        }));
        for (String sub : List.of("\"vera\"", "\" vera \"", "\"v\"", "\"Zoë 🙂\"", "\"a\\\"b\\\\c\\u0001\"", longest)) {
            Decision o = TestWorld.decide(authorizer(TestWorld.writSigner()),
                    TestWorld.event("http-request", viewerTokenWithSub(sub), e -> { }));
            assertThat(o.isAllowed()).as(abbreviated(sub) + ": " + o.reason() + " " + o.detail()).isTrue();
            String expected = (String) Json.parseObject("{\"sub\":" + sub + "}").get("sub");
            assertThat(o.writ().orElseThrow().subject()).isEqualTo(expected);
            AtomicReference<String> ranAs = new AtomicReference<>();
            guard.handle(httpBackendEvent("/prod/payments/p-1001", o.token().orElseThrow()), null, (e, c, writ) -> {
                ranAs.set(writ.subject());
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
            });
            assertThat(ranAs.get()).as(abbreviated(sub)).isEqualTo(expected);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 30) + "…(" + text.length() + " characters)";
    }

    // kms-delegated: the certifier stands in for the KMS key (DelegatedKmsIT does it with the emulator's KMS).

    private static final JWK CERTIFIER = TestJwks.es256();

    private static DelegatedWritSigner delegated(Clock clock, Duration validity, Duration renewBefore) {
        return DelegatedWritSigner.create(LocalSigner.fromJwk(CERTIFIER.toJSONString()), TestWorld.ISSUER, validity, renewBefore, clock);
    }

    @Test
    void delegatedWritPassesTheGuardThatTrustsTheCertifier() {
        Signer signer = delegated(CLOCK, Duration.ofMinutes(15), Duration.ofMinutes(6));
        Decision o = TestWorld.decide(authorizer(signer), TestWorld.event("http-request", viewerToken(), e -> { }));
        Guard guard = TestWorld.guard("payments-read", new JWKSet(CERTIFIER.toPublicJWK()), CLOCK);
        AtomicBoolean ran = new AtomicBoolean();
        runGuarded(guard, httpBackendEvent("/prod/payments/p-1001", o.token().orElseThrow()), ran);
        assertThat(ran).isTrue();
    }

    @Test
    void delegatedWritIsDeniedOnceItsDelegationExpired() {
        // Delegation valid 2 min; writ lifetime 5 min: at +200 s the writ is fresh, its delegation is not.
        Signer signer = delegated(CLOCK, Duration.ofMinutes(2), Duration.ofMinutes(1));
        Authorizer a = TestWorld.authorizer(idp, CLOCK, new ByteArrayOutputStream()).signer(() -> signer)
                .lifetime(Duration.ofMinutes(5)).build();
        Decision o = TestWorld.decide(a, TestWorld.event("http-request", viewerToken(), e -> { }));
        Clock later = TestWorld.clockAt(TestWorld.MONDAY_10.plusSeconds(200));
        Guard guard = TestWorld.guard("payments-read", new JWKSet(CERTIFIER.toPublicJWK()), later);
        AtomicBoolean ran = new AtomicBoolean();
        Object denied = runGuarded(guard, httpBackendEvent("/prod/payments/p-1001", o.token().orElseThrow()), ran);
        assertThat(ran).isFalse();
        assertThat(((APIGatewayV2HTTPResponse) denied).getBody()).contains("EXPIRED");
    }

    @Test
    void delegatedWritCertifiedByAnotherKeyIsDenied() {
        JWK stranger = TestJwks.es256();
        Signer signer = DelegatedWritSigner.create(LocalSigner.fromJwk(stranger.toJSONString()), TestWorld.ISSUER,
                Duration.ofMinutes(15), Duration.ofMinutes(6), CLOCK);
        Decision o = TestWorld.decide(authorizer(signer), TestWorld.event("http-request", viewerToken(), e -> { }));
        Guard guard = TestWorld.guard("payments-read", new JWKSet(CERTIFIER.toPublicJWK()), CLOCK);
        AtomicBoolean ran = new AtomicBoolean();
        Object denied = runGuarded(guard, httpBackendEvent("/prod/payments/p-1001", o.token().orElseThrow()), ran);
        assertThat(ran).isFalse();
        assertThat(((APIGatewayV2HTTPResponse) denied).getBody()).containsAnyOf("UNKNOWN_KEY", "BAD_SIGNATURE");
    }

    @Test
    void delegatedSignerCallsItsCertifierOncePerDelegationPeriod() {
        int[] certifications = {0};
        Signer certifier = LocalSigner.fromJwk(CERTIFIER.toJSONString());
        Signer counting = new Signer() {
            @Override public String keyId() { return certifier.keyId(); }
            @Override public SigningAlgorithm algorithm() { return certifier.algorithm(); }
            @Override public byte[] sign(byte[] input) { certifications[0]++; return certifier.sign(input); }
        };
        Signer signer = DelegatedWritSigner.create(counting, TestWorld.ISSUER, Duration.ofMinutes(15), Duration.ofMinutes(6), CLOCK);
        Authorizer a = authorizer(signer);
        for (int i = 0; i < 50; i++) {
            assertThat(TestWorld.decide(a, TestWorld.event("http-request", viewerToken(), e -> { })).isAllowed()).isTrue();
        }
        assertThat(certifications[0]).isEqualTo(1);
    }
}
