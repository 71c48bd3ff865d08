package dev.writ.bench;

import dev.writ.guard.writ.WritClaims;
import com.nimbusds.jose.jwk.JWK;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.PolicyRef;
import dev.writ.guard.writ.WritCodec;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One realistic guarded request: a local signing key, a writ bound to an API Gateway REST proxy
 * request, the event that carries it in {@code requestContext.authorizer}, and a verifier
 * configuration that trusts the key through a JWKS. The clock is fixed inside the writ's 60 s
 * lifetime, so the writ stays valid however long the run takes, with the default lifetime cap.
 */
final class GuardFixture {

    static final String FUNCTION = "orders-fn";
    static final String ISSUER = "https://authorizer.writ.dev/prod";
    static final String API_ID = "a1b2c3d4e5";
    static final String STAGE = "prod";
    static final String METHOD = "GET";
    static final String PATH = "/orders/42";
    static final Map<String, List<String>> QUERY = Map.of("expand", List.of("items"), "limit", List.of("10"));
    static final long ISSUED_AT = 1_790_000_000L;

    final SigningAlgorithm algorithm;
    final JWK privateKey;
    final String token;
    final RequestBinding binding;
    final VerifierConfig verifierConfig;
    final APIGatewayProxyRequestEvent event;

    GuardFixture(SigningAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.privateKey = jwk(LocalKeys.generate(algorithm).privateJwk());
        this.binding = new RequestBinding(METHOD, PATH, API_ID, STAGE, QueryHash.ofMultiValue(QUERY));
        WritClaims writ = WritClaims.builder()
                .issuer(ISSUER)
                .subject("user:alice@example.com")
                .audience(FUNCTION)
                .issuedAt(ISSUED_AT)
                .notBefore(ISSUED_AT)
                .expiresAt(ISSUED_AT + 60)
                .id("0f8c6a52-7d0e-4a47-9d0b-3f6f1a9a2c11")
                .action("Orders::Action::\"ReadOrder\"")
                .resource("Orders::Order::\"42\"")
                .request(binding)
                .policy(new PolicyRef("orders", 7, "sha256-3q2+7w==", List.of("allow-owner-read")))
                .transaction("txn-6b1d2f")
                .build();
        this.token = WritCodec.encode(writ, LocalSigner.fromJwk(privateKey.toJSONString()));
        this.verifierConfig = VerifierConfig.builder()
                .keys(JwksKeyResolver.fromJwks(new JWKSet(privateKey.toPublicJWK()).toString().toString()))
                .trustedIssuers(Set.of(ISSUER))
                .clock(Clock.fixed(Instant.ofEpochSecond(ISSUED_AT + 5), ZoneOffset.UTC))
                .build();
        this.event = restProxyEvent(token);
    }

    /** The public key as the baseline uses it. */
    private static JWK jwk(String json) {
        try {
            return JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    PublicKey publicKey() {
        try {
            return privateKey instanceof ECKey ? ((ECKey) privateKey).toECPublicKey()
                    : ((RSAKey) privateKey).toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Nimbus verifier for the key, made per call as a plain Nimbus user (and the guard) does. */
    static JWSVerifier nimbusVerifier(PublicKey key) throws JOSEException {
        return key instanceof java.security.interfaces.ECPublicKey
                ? new ECDSAVerifier((java.security.interfaces.ECPublicKey) key)
                : new RSASSAVerifier((java.security.interfaces.RSAPublicKey) key);
    }

    /** An API Gateway REST proxy event as API Gateway delivers it behind a Lambda authorizer. */
    static APIGatewayProxyRequestEvent restProxyEvent(String writ) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Accept-Encoding", "gzip, deflate, br");
        headers.put("Authorization", "Bearer eyJraWQiOiJvaWRjIn0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl");
        headers.put("CloudFront-Forwarded-Proto", "https");
        headers.put("Host", API_ID + ".execute-api.us-east-1.amazonaws.com");
        headers.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
        headers.put("Via", "2.0 3c1b9e6f1f0c6a1d2e.cloudfront.net (CloudFront)");
        headers.put("X-Amzn-Trace-Id", "Root=1-6740c1a2-4c0e1d5b7a3f2e9d8c7b6a59");
        headers.put("X-Forwarded-For", "203.0.113.7, 130.176.0.1");
        headers.put("X-Forwarded-Port", "443");
        headers.put("X-Forwarded-Proto", "https");
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> multiHeaders.put(k, List.of(v)));

        Map<String, Object> authorizer = new LinkedHashMap<>();
        authorizer.put("principalId", "user:alice@example.com");
        authorizer.put("writ", writ);
        authorizer.put("integrationLatency", 42);

        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp("203.0.113.7").withUserAgent("Mozilla/5.0 (X11; Linux x86_64)");
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId("123456789012")
                .withApiId(API_ID)
                .withStage(STAGE)
                .withRequestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
                .withResourceId("x1y2z3")
                .withResourcePath("/orders/{id}")
                .withHttpMethod(METHOD)
                .withPath("/" + STAGE + PATH)
                .withProtocol("HTTP/1.1")
                .withIdentity(identity);
        context.setAuthorizer(authorizer);

        Map<String, String> query = new LinkedHashMap<>();
        QUERY.forEach((k, v) -> query.put(k, v.get(0)));
        return new APIGatewayProxyRequestEvent()
                .withResource("/orders/{id}")
                .withPath(PATH)
                .withHttpMethod(METHOD)
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query)
                .withMultiValueQueryStringParameters(QUERY)
                .withPathParameters(Map.of("id", "42"))
                .withStageVariables(Map.of("table", "orders"))
                .withRequestContext(context)
                .withIsBase64Encoded(false);
    }
}
