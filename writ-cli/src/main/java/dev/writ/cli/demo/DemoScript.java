package dev.writ.cli.demo;

import dev.writ.guard.writ.WritClaims;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.cli.dev.DevStack;
import dev.writ.cli.dev.EmbeddedExchange;
import dev.writ.guard.hop.HopKind;
import dev.writ.guard.hop.HopRequest;
import dev.writ.guard.writ.BoundInputs;
import software.amazon.awssdk.core.SdkBytes;
import dev.writ.cli.dev.Gateway;
import dev.writ.cli.dev.Gateway.Request;
import dev.writ.cli.dev.SampleIdp;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.WritCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tour: real HTTP-shaped requests through the embedded gateway (authorizer, then guard), then
 * hostile writs sent straight to the guarded functions, a replay, and hops: every child writ comes
 * from the embedded writ exchange. The hostile writs that need a signature (expired, single-use)
 * are minted with the issuer's key, which the demo holds because it runs the authorizer.
 */
final class DemoScript {
    static final String AUTHORIZER = "at the authorizer (through the gateway)";
    static final String GUARD = "at the guard (functions invoked directly, bypassing the authorizer)";
    static final String HOP = "hops (child writs from the writ exchange; SQS delivered in-process)";

    private final DevStack stack;
    private final Gateway gateway;
    private final SampleIdp idp;
    private final EmbeddedExchange exchange;

    DemoScript(DevStack stack) {
        this.stack = stack;
        this.gateway = stack.gateway();
        this.idp = stack.idp();
        this.exchange = stack.exchange();
    }

    List<DemoStep> steps() {
        List<DemoStep> steps = new ArrayList<>();
        SampleIdp.User vera = SampleIdp.user("vera");
        SampleIdp.User carl = SampleIdp.user("carl");
        SampleIdp.User ada = SampleIdp.user("ada");
        SampleIdp.User root = SampleIdp.user("root");
        SampleIdp.User sam = SampleIdp.user("sam");
        SampleIdp.User carlNoMfa = new SampleIdp.User("carl", carl.groups(), false);

        steps.add(http(AUTHORIZER, "GET /payments", vera, bearer(vera), null, "ALLOWED"));
        steps.add(http(AUTHORIZER, "GET /payments/p-1001", ada, bearer(ada), null, "ALLOWED"));
        steps.add(http(AUTHORIZER, "POST /payments amount 2500", carl, bearer(carl), "2500", "ALLOWED"));
        steps.add(http(AUTHORIZER, "POST /payments amount 50000", ada, bearer(ada), "50000", "ALLOWED"));
        steps.add(http(AUTHORIZER, "GET /payments, no token", null, Map.of(), null, "NO_TOKEN"));
        steps.add(http(AUTHORIZER, "GET /payments, token from an unknown IdP key", vera,
                Map.of("Authorization", "Bearer " + SampleIdp.tokenFromAnotherKey(vera)), null, "BAD_TOKEN"));
        steps.add(http(AUTHORIZER, "POST /payments amount 100 (role may not write)", vera, bearer(vera), "100", "POLICY_DENY"));
        steps.add(http(AUTHORIZER, "POST /payments amount 100, signed in without MFA", carlNoMfa, bearer(carlNoMfa), "100",
                "POLICY_DENY"));
        steps.add(http(AUTHORIZER, "POST /payments amount 50000 (over the clerk limit)", carl, bearer(carl), "50000",
                "POLICY_DENY"));
        steps.add(http(AUTHORIZER, "POST /payments amount -5", root, bearer(root), "-5", "POLICY_DENY"));
        steps.add(http(AUTHORIZER, "GET /payments (suspended account)", sam, bearer(sam), null, "POLICY_DENY"));
        steps.add(http(AUTHORIZER, "POST /payments without X-Payment-Amount", carl, bearer(carl), null, "BAD_REQUEST"));

        Request read1001 = Request.of("GET", "/payments/p-1001", bearer(vera));
        String readWrit = gateway.writFor(read1001).orElseThrow();
        Request listAll = Request.of("GET", "/payments", bearer(vera));
        String listWrit = gateway.writFor(listAll).orElseThrow();
        WritClaims readClaims = WritClaims.fromJson(payload(readWrit));
        long now = Instant.now().getEpochSecond();
        String expired = WritCodec.encode(readClaims.toBuilder().id(UUID.randomUUID().toString())
                .issuedAt(now - 300).notBefore(now - 300).expiresAt(now - 240).build(), stack.writSigner());
        String singleUse = WritCodec.encode(readClaims.toBuilder().id(UUID.randomUUID().toString()).singleUse(true).build(),
                stack.writSigner());
        Request create = Request.of("POST", "/payments", Map.of(), amount(Map.of(), "100"), "{\"amount\":100}", null);

        steps.add(direct(GUARD, "payments-write, no writ", null, "payments-write", create, null, "MISSING_WRIT"));
        steps.add(direct(GUARD, "payments-read, claims edited after signing (sub)", "vera", "payments-read", read1001,
                forge(readWrit, "sub", "root"), "BAD_SIGNATURE"));
        steps.add(direct(GUARD, "payments-read, expired writ", "vera", "payments-read", read1001, expired, "EXPIRED"));
        steps.add(direct(GUARD, "payments-write, writ for GET /payments (payments-read)", "vera", "payments-write", create,
                listWrit, "WRONG_AUDIENCE"));
        steps.add(direct(GUARD, "GET /payments/p-2002, writ for GET /payments/p-1001", "vera", "payments-read",
                Request.of("GET", "/payments/p-2002", Map.of()), readWrit, "REQUEST_MISMATCH"));
        String writFor100 = gateway.writFor(Request.of("POST", "/payments", Map.of(), amount(bearer(carl), "100"), null,
                null)).orElseThrow();
        Request create99999999 = Request.of("POST", "/payments", Map.of(), amount(Map.of(), "99999999"),
                "{\"amount\":99999999}", null);
        steps.add(direct(GUARD, "POST /payments amount 99999999, writ for amount 100", "carl", "payments-write",
                create99999999, writFor100, "REQUEST_MISMATCH"));
        steps.add(direct(GUARD, "GET /payments/p-1001, single-use writ", "vera", "payments-read", read1001, singleUse,
                "ALLOWED"));
        steps.add(direct(GUARD, "GET /payments/p-1001, same single-use writ again", "vera", "payments-read", read1001,
                singleUse, "REPLAYED"));

        steps.add(http(HOP, "POST /payments amount 700 (ledger-post, payment-events)", carl, bearer(carl), "700",
                "ALLOWED"));
        steps.add(new DemoStep(HOP, "payments-read's handler invokes ledger-post", "vera (viewer)", "POLICY_DENY",
                () -> gateway.handle(read1001, (lambda, sqs) -> lambda.invoke(r -> r.functionName(DevStack.LEDGER)
                        .payload(SdkBytes.fromUtf8String("{\"amount\":\"700\"}"))))));
        steps.add(new DemoStep(HOP, "payments-write's handler invokes payments-refund", "carl (clerk)",
                "OUT_OF_SCOPE", () -> gateway.handle(Request.of("POST", "/payments", Map.of(), amount(bearer(carl), "700"),
                        "{\"amount\":700}", null), (lambda, sqs) -> lambda.invoke(r -> r.functionName("payments-refund")
                        .payload(SdkBytes.fromUtf8String("{}"))))));
        steps.add(new DemoStep(HOP, "ledger-post, direct invoke without a writ", "-", "MISSING_WRIT",
                () -> gateway.invokeDirect(DevStack.LEDGER, Map.of("amount", "100"))));
        steps.add(new DemoStep(HOP, "ledger-post, direct invoke with the caller's own writ", "carl", "WRONG_AUDIENCE",
                () -> gateway.invokeDirect(DevStack.LEDGER, Map.of("writ", writeWrit(carl, "100")))));
        steps.add(new DemoStep(HOP, "payments-notify, the child writ for ledger-post", "carl", "WRONG_AUDIENCE",
                () -> gateway.invokeDirect(DevStack.NOTIFY, envelope(ledgerChild(writeWrit(carl, "700"), "700"), "700"))));
        steps.add(new DemoStep(HOP, "ledger-post, child writ for amount 700 sent with 99999999", "carl",
                "REQUEST_MISMATCH", () -> gateway.invokeDirect(DevStack.LEDGER,
                        envelope(ledgerChild(writeWrit(carl, "700"), "700"), "99999999"))));
        steps.add(new DemoStep(HOP, "ledger-post asks for a child of its own writ (a 2nd hop)", "carl", "DEPTH_EXCEEDED",
                () -> exchanged(DevStack.LEDGER, ledgerChild(writeWrit(carl, "700"), "700"), "700")));
        return steps;
    }

    /** carl's writ for {@code POST /payments} with {@code amount}, from the authorizer. */
    private String writeWrit(SampleIdp.User user, String amount) {
        return gateway.writFor(Request.of("POST", "/payments", Map.of(), amount(bearer(user), amount), null, null))
                .orElseThrow();
    }

    /** The child writ the exchange gives payments-write for invoking ledger-post with {@code amount}. */
    private String ledgerChild(String parent, String amount) {
        ExchangeResult result = exchange.ask("payments-write", ledgerHop(parent, amount));
        return result.token().orElseThrow(() -> new IllegalStateException("the exchange refused the demo's hop: " + result));
    }

    private static HopRequest ledgerHop(String parent, String amount) {
        return new HopRequest(parent, HopKind.LAMBDA_INVOKE, DevStack.LEDGER,
                BoundInputs.digest(BoundInputs.canonicalJson(Map.of("amount", amount))));
    }

    private static Map<String, Object> envelope(String writ, String amount) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("writ", writ);
        envelope.put("payload", Map.of("amount", amount));
        return envelope;
    }

    /** {@code function}, holding {@code writ}, asks the exchange for the ledger hop: the exchange's answer as a response. */
    private Gateway.Response exchanged(String function, String writ, String amount) {
        return gateway.exchange(function, ledgerHop(writ, amount));
    }

    private DemoStep http(String section, String what, SampleIdp.User user, Map<String, String> headers, String amount,
                          String expected) {
        String[] parts = what.split(" ", 3);
        String path = parts[1].replaceAll(",$", "");
        Request request = Request.of(parts[0], path, Map.of(), amount(headers, amount),
                amount == null ? null : "{\"amount\":" + amount + "}", null);
        return new DemoStep(section, what, caller(user), expected, () -> gateway.handle(request));
    }

    private DemoStep direct(String section, String what, String caller, String function, Request request, String writ,
                            String expected) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("principalId", caller == null ? "anonymous" : caller);
        if (writ != null) {
            context.put("writ", writ);
        }
        return new DemoStep(section, what, caller == null ? "-" : caller, expected, () -> {
            APIGatewayProxyRequestEvent event = gateway.proxyEvent(request, context);
            return gateway.invoke(function, event);
        });
    }

    private static String caller(SampleIdp.User user) {
        return user == null ? "-" : user.subject() + " (" + user.role() + (user.mfa() ? "" : ", no MFA") + ")";
    }

    private Map<String, String> bearer(SampleIdp.User user) {
        return Map.of("Authorization", "Bearer " + idp.token(user, Duration.ofHours(1)));
    }

    private static Map<String, String> amount(Map<String, String> headers, String amount) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        if (amount != null) {
            h.put("X-Payment-Amount", amount);
        }
        return h;
    }

    private static Map<String, Object> payload(String jws) {
        return Json.parseObject(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
    }

    /** The same writ with one claim changed and the original signature kept. */
    private static String forge(String jws, String claim, String value) {
        String[] parts = jws.split("\\.");
        Map<String, Object> claims = new LinkedHashMap<>(payload(jws));
        claims.put(claim, value);
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + body + "." + parts[2];
    }
}
