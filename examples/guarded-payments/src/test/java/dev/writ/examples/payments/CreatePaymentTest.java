package dev.writ.examples.payments;

import dev.writ.testsupport.TestJwks;
import dev.writ.guard.writ.WritClaims;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.guard.writ.VerifierConfig;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.WritCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example handlers behind a real guard (local key): allowed with a writ, 403 without one. */
class CreatePaymentTest {
    private static final String ISSUER = "https://authorizer.example.test";
    private static final String FUNCTION = "payments-write";
    private static final JWK KEY = TestJwks.es256();

    private final Guard guard = Guard.create(GuardConfig.builder()
            .verifier(VerifierConfig.builder()
                    .keys(JwksKeyResolver.fromJwks(new JWKSet(KEY.toPublicJWK()).toString()))
                    .trustedIssuers(Set.of(ISSUER))
                    .build())
            .functionName(FUNCTION)
            .build());

    private static String writ(RequestBinding request) {
        long now = System.currentTimeMillis() / 1000;
        WritClaims writ = WritClaims.builder().issuer(ISSUER).subject("carl").audience(FUNCTION)
                .issuedAt(now).notBefore(now).expiresAt(now + 60).id("jti-" + System.nanoTime())
                .action("Payments::Action::\"CreatePayment\"").resource("Payments::Collection::\"payments\"")
                .request(request).transaction("txn-7").build();
        return WritCodec.encode(writ, LocalSigner.fromJwk(KEY.toJSONString()));
    }

    private static APIGatewayProxyRequestEvent restEvent(String writ) {
        APIGatewayProxyRequestEvent.ProxyRequestContext rc = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withApiId("a1b2c3").withStage("prod").withRequestId("req-1");
        if (writ != null) {
            Map<String, Object> authorizer = new HashMap<>();
            authorizer.put("writ", writ);
            rc.setAuthorizer(authorizer);
        }
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/payments")
                .withHeaders(Map.of("X-Payment-Amount", "2500")).withRequestContext(rc);
    }

    private static APIGatewayV2HTTPEvent httpEvent(String writ) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setLambda(Map.of("writ", writ));
        APIGatewayV2HTTPEvent.RequestContext rc = new APIGatewayV2HTTPEvent.RequestContext();
        rc.setApiId("h7j8k9");
        rc.setStage("$default");
        rc.setRequestId("req-2");
        rc.setAuthorizer(authorizer);
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        rc.setHttp(http);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/payments");
        event.setRawQueryString("");
        event.setHeaders(Map.of("x-payment-amount", "2500"));
        event.setRequestContext(rc);
        return event;
    }

    @Test
    void acceptsAPaymentForTheWritsSubject() {
        String writ = writ(new RequestBinding("POST", "/payments", "a1b2c3", "prod", QueryHash.ofMultiValue(null)));

        APIGatewayProxyResponseEvent response = new CreatePayment(guard).handleRequest(restEvent(writ), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(Json.parseObject(response.getBody()))
                .containsEntry("principal", "carl").containsEntry("txn", "txn-7").containsEntry("amount", "2500");
    }

    @Test
    void refusesARequestWithoutAWrit() {
        APIGatewayProxyResponseEvent response = new CreatePayment(guard).handleRequest(restEvent(null), null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(response.getBody())).containsEntry("code", "MISSING_WRIT");
    }

    @Test
    void refusesAWritBoundToAnotherRoute() {
        String writ = writ(new RequestBinding("POST", "/payments/p-1/refund", "a1b2c3", "prod", QueryHash.ofMultiValue(null)));

        APIGatewayProxyResponseEvent response = new CreatePayment(guard).handleRequest(restEvent(writ), null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(Json.parseObject(response.getBody())).containsEntry("code", "REQUEST_MISMATCH");
    }

    @Test
    void acceptsAPaymentThroughTheHttpApi() {
        String writ = writ(new RequestBinding("POST", "/payments", "h7j8k9", "$default", QueryHash.ofRawQuery("")));

        APIGatewayV2HTTPResponse response = new CreatePaymentHttp(guard).handleRequest(httpEvent(writ), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(Json.parseObject(response.getBody())).containsEntry("principal", "carl").containsEntry("amount", "2500");
    }

    /** The events a handler sent, each answered with a message id. */
    private final List<Map<String, Object>> sent = new ArrayList<>();
    private final PaymentEvents recorded = event -> {
        sent.add(event);
        return Optional.of("m-" + sent.size());
    };

    @Test
    void anAcceptedPaymentIsSentToPaymentsNotifyBeforeItIsAnswered() {
        String writ = writ(new RequestBinding("POST", "/payments", "a1b2c3", "prod", QueryHash.ofMultiValue(null)));

        APIGatewayProxyResponseEvent response = new CreatePayment(guard, recorded).handleRequest(restEvent(writ), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        Map<String, Object> body = Json.parseObject(response.getBody());
        assertThat(body).containsEntry("event", "m-1");
        assertThat(sent).containsExactly(Map.of("paymentId", body.get("execId"), "principal", "carl", "amount", "2500"));
    }

    @Test
    void aRefusedRequestSendsNoEvent() {
        APIGatewayProxyResponseEvent response = new CreatePayment(guard, recorded).handleRequest(restEvent(null), null);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(sent).isEmpty();
    }

    @Test
    void aPaymentWhoseEventWasNotSentIsNotAnsweredAsAccepted() {
        String writ = writ(new RequestBinding("POST", "/payments", "a1b2c3", "prod", QueryHash.ofMultiValue(null)));
        PaymentEvents unreachable = event -> {
            throw new IllegalStateException("payment-events unreachable");
        };

        assertThatThrownBy(() -> new CreatePayment(guard, unreachable).handleRequest(restEvent(writ), null))
                .hasMessageContaining("payment-events unreachable");
    }

    @Test
    void anAcceptedPaymentThroughTheHttpApiIsSentToo() {
        String writ = writ(new RequestBinding("POST", "/payments", "h7j8k9", "$default", QueryHash.ofRawQuery("")));

        APIGatewayV2HTTPResponse response = new CreatePaymentHttp(guard, recorded).handleRequest(httpEvent(writ), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(Json.parseObject(response.getBody())).containsEntry("event", "m-1");
        assertThat(sent).singleElement().satisfies(e -> assertThat(e).containsEntry("principal", "carl"));
    }
}
