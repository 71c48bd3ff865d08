package dev.writ.authorizer.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.testsupport.TestJwks;
import com.nimbusds.jose.jwk.JWK;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The exchange handler starts its Micronaut context and injects the exchange: misconfigured in this
 * JVM (no variable set), so every hop is refused as JSON, never with an exception. With an exchange
 * put in by hand, it reads the caller where a function URL with AWS_IAM reports it.
 */
class ExchangeFunctionTest {
    private static final String BODY = "{\"writ\":\"x\",\"kind\":\"lambda:Invoke\",\"target\":\"ledger-post\"}";

    private static APIGatewayV2HTTPEvent event(String method, String callerArn, String body, boolean base64) {
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = callerArn == null ? null
                : APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(callerArn).withAccountId("123456789012").build();
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath("/").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withIam(iam).build())
                        .build())
                .withBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body)
                .withIsBase64Encoded(base64).build();
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) {
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        return Json.parseObject(response.getBody());
    }

    @Test
    void refusesEveryHopAsJsonWhenMisconfigured() {
        try (ExchangeFunction fn = new ExchangeFunction()) {
            APIGatewayV2HTTPResponse response = fn.execute(event("POST",
                    "arn:aws:sts::123456789012:assumed-role/r/payments-write", BODY, false));
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response)).containsEntry("reason", "MISCONFIGURED").containsOnlyKeys("reason", "message");
            assertThat(json(fn.execute(event("GET", null, "", false)))).containsEntry("reason", "BAD_REQUEST");
        }
    }

    @Test
    @SuppressWarnings("UnnecessaryAssignment") // the exchange is put in by hand: no variable of this JVM configures one
    void readsTheCallerAndABase64Body() {
        JWK key = TestJwks.es256();
        try (ExchangeFunction fn = new ExchangeFunction()) {
            fn.exchange = WritExchange.builder()
                    .verifier(VerifierConfig.builder().keys(JwksKeyResolver.fromJwks(TestJwks.publicJwks(key)))
                            .trustedIssuers(Set.of("https://authz.example")).build())
                    .signer(() -> LocalSigner.fromJwk(key.toJSONString()))
                    .issuer("https://authz.example")
                    .account("123456789012")
                    .region("us-east-1")
                    .bundleProblem("no bundle in this test")
                    .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .build();

            APIGatewayV2HTTPResponse anonymous = fn.execute(event("POST", null, BODY, false));
            APIGatewayV2HTTPResponse otherAccount = fn.execute(event("POST",
                    "arn:aws:sts::210987654321:assumed-role/r/payments-write", BODY, true));
            String function = "arn:aws:sts::123456789012:assumed-role/r/payments-write";
            APIGatewayV2HTTPResponse badBody = fn.execute(event("POST", function, "{", true));
            // Decoded and read: past the caller and the request, refused only for want of a bundle.
            APIGatewayV2HTTPResponse readBody = fn.execute(event("POST", function, BODY, true));

            assertThat(anonymous.getStatusCode()).isEqualTo(401);
            assertThat(json(anonymous)).containsEntry("reason", "NO_CALLER");
            assertThat(otherAccount.getStatusCode()).isEqualTo(403);
            assertThat(json(otherAccount)).containsEntry("reason", "CALLER_MISMATCH");
            assertThat(badBody.getStatusCode()).isEqualTo(400);
            assertThat(json(badBody)).containsEntry("reason", "BAD_REQUEST");
            assertThat(json(readBody)).containsEntry("reason", "BUNDLE_INVALID");
        }
    }
}
