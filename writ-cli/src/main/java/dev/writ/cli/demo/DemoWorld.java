package dev.writ.cli.demo;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.guard.json.Json;
import dev.writ.guard.keys.JwksKeyResolver;
import dev.writ.guard.keys.KeyResolver;
import dev.writ.guard.sign.LocalKeys;
import dev.writ.guard.sign.LocalWritSigner;
import dev.writ.guard.sign.SigningAlgorithm;
import dev.writ.guard.sign.WritSigner;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The demo's API, function, events and writs. */
final class DemoWorld {

    static final String ISSUER = "https://authorizer.writ.demo";
    static final String FUNCTION = "payments-create";
    private static final String API = "demo123";
    private static final String STAGE = "prod";

    private final JWK key;
    private final WritSigner signer;
    private final long now = Instant.now().getEpochSecond();

    DemoWorld(JWK key) {
        this.key = key;
        this.signer = LocalWritSigner.fromJwk(key);
    }

    KeyResolver trustedKeys() {
        return JwksKeyResolver.fromJwks(new JWKSet(key.toPublicJWK()));
    }

    List<DemoStep> steps() {
        Writ.Builder ok = writ("alice");
        String single = mint(writ("alice").singleUse(true).build());
        WritSigner stranger = LocalWritSigner.fromJwk(LocalKeys.generate(SigningAlgorithm.ES256));
        String valid = mint(ok.build());
        String[] parts = valid.split("\\.");
        Map<String, Object> raised = new LinkedHashMap<>(writ("mallory").build().toClaims());
        String forged = parts[0] + "." + b64(Json.write(raised)) + "." + parts[2];
        String none = b64("{\"alg\":\"none\",\"typ\":\"writ+jwt\"}") + "." + parts[1] + ".";
        return List.of(
                new DemoStep("POST /payments, valid writ (alice)", event("POST", "/payments", valid), "ALLOWED"),
                new DemoStep("POST /payments, no writ", event("POST", "/payments", null), "MISSING_WRIT"),
                new DemoStep("POST /payments, claims edited after signing", event("POST", "/payments", forged), "BAD_SIGNATURE"),
                new DemoStep("POST /payments, alg none", event("POST", "/payments", none), "UNSUPPORTED_ALG"),
                new DemoStep("POST /payments, signed by an unknown key",
                        event("POST", "/payments", WritCodec.encode(ok.id(UUID.randomUUID().toString()).build(), stranger)),
                        "UNKNOWN_KEY"),
                new DemoStep("POST /payments, expired writ", event("POST", "/payments",
                        mint(writ("alice").issuedAt(now - 300).notBefore(null).expiresAt(now - 240).build())), "EXPIRED"),
                new DemoStep("POST /payments, writ for payments-refund", event("POST", "/payments",
                        mint(writ("alice").audience("payments-refund").build())), "WRONG_AUDIENCE"),
                new DemoStep("DELETE /payments, writ for POST /payments", event("DELETE", "/payments", valid), "REQUEST_MISMATCH"),
                new DemoStep("POST /payments, single-use writ", event("POST", "/payments", single), "ALLOWED"),
                new DemoStep("POST /payments, same single-use writ again", event("POST", "/payments", single), "REPLAYED"));
    }

    private String mint(Writ writ) {
        return WritCodec.encode(writ, signer);
    }

    private Writ.Builder writ(String subject) {
        return Writ.builder().issuer(ISSUER).subject(subject).audience(FUNCTION).issuedAt(now).notBefore(now)
                .expiresAt(now + 60).id(UUID.randomUUID().toString())
                .action("Action::\"CreatePayment\"").resource("Payment::\"new\"")
                .request(new RequestBinding("POST", "/payments", API, STAGE, QueryHash.ofMultiValue(null)));
    }

    private static APIGatewayProxyRequestEvent event(String method, String path, String writ) {
        Map<String, Object> authorizer = new HashMap<>();
        authorizer.put("principalId", "demo");
        if (writ != null) {
            authorizer.put("writ", writ);
        }
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withApiId(API).withStage(STAGE).withRequestId(UUID.randomUUID().toString())
                .withHttpMethod(method).withPath("/" + STAGE + path);
        context.setAuthorizer(authorizer);
        return new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(path).withResource(path)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody("{\"amount\":120}")
                .withRequestContext(context);
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    Context context() {
        return new Context() {
            @Override public String getAwsRequestId() { return UUID.randomUUID().toString(); }
            @Override public String getLogGroupName() { return "/aws/lambda/" + FUNCTION; }
            @Override public String getLogStreamName() { return "demo"; }
            @Override public String getFunctionName() { return FUNCTION; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:000000000000:function:" + FUNCTION; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return 30_000; }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() { return null; }
        };
    }
}
