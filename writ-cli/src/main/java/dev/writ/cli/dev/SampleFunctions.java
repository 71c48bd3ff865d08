package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.core.json.Json;
import dev.writ.guard.Guard;
import dev.writ.guard.WritDeniedException;
import dev.writ.guard.hop.WritHopException;
import dev.writ.guard.hop.WritScopeException;
import dev.writ.guard.internal.Headers;
import dev.writ.guard.writ.Writ;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The user code behind the bundle's routes and hops: tiny payments handlers that only run once the
 * guard has verified their writ. {@code payments-write} invokes {@value DevStack#LEDGER} and sends
 * to the {@value DevStack#EVENTS_QUEUE} queue with plain SDK clients; the guard's interceptor gets
 * each call's child writ from the embedded writ exchange and attaches it, so the handler holds no
 * key and names no writ. {@value DevStack#NOTIFY} consumes the queue through {@code Guard.handleBatch}.
 */
final class SampleFunctions implements LocalAws.Functions, AutoCloseable {
    private final DevStack stack;
    private final LocalAws aws;

    SampleFunctions(DevStack stack) {
        this.stack = stack;
        this.aws = new LocalAws(this);
    }

    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context, Writ writ) {
        Reply reply = run(context, writ, header(event.getHeaders(), "X-Payment-Amount"));
        if (event.getMultiValueQueryStringParameters() != null) {
            // The query as the function got it, every value of a repeated parameter, as in AWS.
            reply.body().put("query", event.getMultiValueQueryStringParameters());
        }
        return rest(reply);
    }

    /** {@code code} as the handler: a call the guard's interceptor stops comes back as a 502 naming who stopped it. */
    APIGatewayProxyResponseEvent handleWith(UserCode code, Context context, Writ writ) {
        Map<String, Object> body = base(context, writ);
        try {
            code.run(aws.lambda(), aws.sqs());
        } catch (WritHopException | WritScopeException stopped) {
            return rest(stopped(body, stopped));
        }
        return rest(new Reply(200, body));
    }

    /** The same handlers behind an HTTP API (payload 2.0). */
    APIGatewayV2HTTPResponse handleHttp(APIGatewayV2HTTPEvent event, Context context, Writ writ) {
        Reply r = run(context, writ, header(event.getHeaders(), "X-Payment-Amount"));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status())
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(Json.write(r.body())).build();
    }

    private record Reply(int status, Map<String, Object> body) {
    }

    private static APIGatewayProxyResponseEvent rest(Reply r) {
        return new APIGatewayProxyResponseEvent().withStatusCode(r.status())
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(Json.write(r.body()));
    }

    private static Map<String, Object> base(Context context, Writ writ) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("function", context.getFunctionName());
        body.put("by", writ.subject());
        body.put("action", writ.action().orElse(null));
        body.put("resource", writ.resource().orElse(null));
        body.put("txn", writ.transaction().orElse(null));
        return body;
    }

    private Reply run(Context context, Writ writ, String amount) {
        Map<String, Object> body = base(context, writ);
        if (!context.getFunctionName().equals("payments-write")) {
            return new Reply(context.getFunctionName().equals("payments-read") ? 200 : 201, body);
        }
        try {
            InvokeResponse ledger = aws.lambda().invoke(r -> r.functionName(DevStack.LEDGER)
                    .payload(SdkBytes.fromUtf8String(Json.write(Map.of("amount", amount)))));
            Map<String, Object> posted = Json.parseObject(ledger.payload().asUtf8String());
            body.put("ledger", posted);
            if (ledger.functionError() != null) {
                body.put("code", posted.get("errorMessage"));
                body.put("stage", "guard");
                return new Reply(502, body);
            }
            String sent = aws.sqs().sendMessage(r -> r.queueUrl(LocalAws.queueUrl(DevStack.EVENTS_QUEUE))
                    .messageBody(Json.write(Map.of("payment", writ.id(), "amount", amount)))).messageId();
            body.put("event", sent);
        } catch (WritHopException | WritScopeException stopped) {
            return stopped(body, stopped);
        }
        return new Reply(201, body);
    }

    /** A call the interceptor did not send: the exchange refused it, or it was outside the writ's scope. */
    private static Reply stopped(Map<String, Object> body, RuntimeException stopped) {
        if (stopped instanceof WritHopException hop) {
            body.put("code", hop.exchangeReason() != null ? hop.exchangeReason() : hop.reason().name());
            body.put("stage", "exchange");
        } else {
            body.put("code", "OUT_OF_SCOPE");
            body.put("stage", "interceptor");
        }
        body.put("detail", stopped.getMessage());
        return new Reply(502, body);
    }

    @Override
    public boolean has(String function) {
        return stack.guard(function).isPresent();
    }

    /** Lambda's Invoke of a guarded function: the payload as the event, the client context's {@code custom} as the caller sent it. */
    @Override
    public LocalAws.Invoked invoke(String function, byte[] payload, String clientContext) {
        Guard guard = stack.guard(function).orElseThrow(() -> new IllegalArgumentException("no function " + function));
        Map<String, String> custom = new LinkedHashMap<>();
        if (clientContext != null) {
            Object given = Json.parseObject(Base64.getDecoder().decode(clientContext)).get("custom");
            if (given instanceof Map<?, ?> m) {
                m.forEach((k, v) -> custom.put(String.valueOf(k), String.valueOf(v)));
            }
        }
        try {
            Map<String, Object> out = guard.handle(Json.parseObject(payload), LocalContext.invokedWith(function, custom),
                    (in, ctx, writ) -> invoked(writ));
            return new LocalAws.Invoked(Json.writeBytes(out), null);
        } catch (WritDeniedException e) {
            return new LocalAws.Invoked(Json.write(Map.of("errorType", "WritDeniedException",
                    "errorMessage", e.reason().name())).getBytes(StandardCharsets.UTF_8), "Unhandled");
        }
    }

    /** What a directly invoked sample function answers: that it ran, and under which writ. */
    private static Map<String, Object> invoked(Writ writ) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("posted", true);
        out.put("execId", writ.id());
        out.put("txn", writ.transaction().orElse(null));
        out.put("par", writ.parent().orElse(null));
        return out;
    }

    /** The queue's consumer, record by record through its guard (a denied record is reported failed, never run). */
    @Override
    public void deliver(String queue, SQSEvent.SQSMessage message) {
        if (!queue.equals(DevStack.EVENTS_QUEUE)) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        stack.guard(DevStack.NOTIFY).orElseThrow().handleBatch(event, new LocalContext(DevStack.NOTIFY),
                (record, ctx, writ) -> { });
    }

    @Override
    public void close() {
        aws.close();
    }

    private static String header(Map<String, String> headers, String name) {
        return Headers.get(headers, name);
    }
}
