package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.guard.Guard;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.internal.Headers;
import dev.writ.core.json.Json;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The user code behind the bundle's routes: tiny payments handlers that only run once the guard
 * has verified their writ. {@code payments-write} also invokes the guarded {@value DevStack#LEDGER}
 * function directly, with a hop writ carrying the same {@code txn} and {@code par} = its own writ id.
 */
final class SampleFunctions {
    private final DevStack stack;

    SampleFunctions(DevStack stack) {
        this.stack = stack;
    }

    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
        Reply r = run(context, writ, header(event.getHeaders(), "X-Payment-Amount"));
        return new APIGatewayProxyResponseEvent().withStatusCode(r.status())
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(Json.write(r.body()));
    }

    /** The same handlers behind an HTTP API (payload 2.0). */
    APIGatewayV2HTTPResponse handleHttp(APIGatewayV2HTTPEvent event, Context context, Writ writ) {
        Reply r = run(context, writ, header(event.getHeaders(), "X-Payment-Amount"));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status())
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(Json.write(r.body())).build();
    }

    private record Reply(int status, Map<String, Object> body) {
    }

    private Reply run(Context context, Writ writ, String amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("function", context.getFunctionName());
        body.put("by", writ.subject());
        body.put("action", writ.action().orElse(null));
        body.put("resource", writ.resource().orElse(null));
        body.put("txn", writ.transaction().orElse(null));
        if (context.getFunctionName().equals("payments-write")) {
            Map<String, Object> ledger = postToLedger(writ, amount);
            body.put("ledger", ledger);
            if (ledger.containsKey("denied")) {
                return new Reply(502, body);
            }
        }
        return new Reply(context.getFunctionName().equals("payments-read") ? 200 : 201, body);
    }

    /**
     * A guarded function calling another: the child writ is minted here with the issuer's key, as
     * the sample's stand-in for a token exchange with the authorizer (a deployment gets it from
     * the authorizer; the guard of B checks it exactly the same way).
     */
    private Map<String, Object> postToLedger(Writ parent, String amount) {
        return invokeLedger(ledgerEnvelope(parent.claims(), amount));
    }

    /**
     * The direct-invoke envelope {@code {"writ": .., "payload": {"amount": ..}}} for the ledger: the
     * child writ carries the same {@code txn}, {@code par} = the parent's id, and binds the exact
     * payload it was minted for ({@code in.payload}), so it cannot be replayed with another amount.
     */
    Map<String, Object> ledgerEnvelope(WritClaims parent, String amount) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> payload = Map.of("amount", amount);
        WritClaims child = WritClaims.builder()
                .issuer(DevStack.ISSUER)
                .subject(parent.subject())
                .audience(DevStack.LEDGER)
                .issuedAt(now).notBefore(now).expiresAt(now + 60)
                .id(UUID.randomUUID().toString())
                .action("Ledger::Action::\"Post\"")
                .resource("Ledger::Entry::\"" + parent.id() + "\"")
                .transaction(parent.transaction().orElse(parent.id()))
                .parent(parent.id())
                .inputs(BoundInputs.ofValues(Map.of(BoundInputs.PAYLOAD, BoundInputs.canonicalJson(payload))))
                .build();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("writ", WritCodec.encode(child, stack.writSigner()));
        input.put("payload", payload);
        return input;
    }

    /** Invokes the ledger function directly, through its guard; a denial comes back as a value. */
    Map<String, Object> invokeLedger(Map<String, Object> input) {
        Guard ledger = stack.guard(DevStack.LEDGER).orElseThrow();
        try {
            return ledger.handle(input, new LocalContext(DevStack.LEDGER), (in, ctx, writ) -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("posted", true);
                out.put("execId", writ.id());
                out.put("txn", writ.transaction().orElse(null));
                out.put("par", writ.parent().orElse(null));
                return out;
            });
        } catch (WritDeniedException e) {
            return Map.of("denied", e.reason().name());
        }
    }

    private static String header(Map<String, String> headers, String name) {
        return Headers.get(headers, name);
    }
}
