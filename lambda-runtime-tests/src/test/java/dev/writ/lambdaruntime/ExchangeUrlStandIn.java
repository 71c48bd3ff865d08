package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for the writ exchange's function URL ({@code AuthType: AWS_IAM}) for ONE calling
 * function: the caller's {@code WRIT_GUARD_EXCHANGE_URL}. Each request becomes the payload 2.0
 * event a function URL hands its function, and goes to the packaged {@code ExchangeFunction}
 * through its runtime emulator's invoke API; the handler's response is answered as a function URL
 * answers it (a handler error: 502).
 *
 * <p>What is emulated: the event's shape, with {@code requestContext.authorizer.iam} naming the role
 * session the template's IAM gives the calling function ({@code callerArn}, fixed when this is
 * made). What is NOT: AWS's part. No SigV4 signature is checked and no IAM policy is evaluated
 * ({@code lambda:InvokeFunctionUrl}); whatever reaches this port is reported as that caller. So
 * these tests prove the packaged exchange decides correctly for the identity IAM reports, not that
 * IAM reports it.
 */
final class ExchangeUrlStandIn implements AutoCloseable {
    private final LoopbackServer server;
    private final PackagedFunction exchange;
    private final String callerArn;
    private final String account;

    /**
     * @param callerArn the caller's role session as Lambda reports it, e.g.
     *                  {@code arn:aws:sts::123456789012:assumed-role/<role>/<function>}
     */
    ExchangeUrlStandIn(PackagedFunction exchange, String callerArn, String account) {
        this.exchange = exchange;
        this.callerArn = callerArn;
        this.account = account;
        server = new LoopbackServer("exchange-url-stand-in", this::serve);
    }

    /** The URL to give the caller in {@code WRIT_GUARD_EXCHANGE_URL}. */
    String url() {
        return server.base() + "/";
    }

    private void serve(HttpExchange http) throws IOException {
        try (http) {
            String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            PackagedFunction.Invocation invoked = exchange.invoke(Json.write(event(http, body)));
            int status = 502;
            String answer = "{\"Message\":\"Internal Server Error\"}";
            if (invoked.status() == 200) {
                Map<String, Object> response = invoked.json();
                status = ((Number) response.get("statusCode")).intValue();
                answer = String.valueOf(response.get("body"));
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The function URL event (payload format 2.0) for this request, with the IAM caller. */
    private Map<String, Object> event(HttpExchange http, String body) {
        Map<String, Object> headers = new LinkedHashMap<>();
        http.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = http.getRequestURI().getRawPath();
        long now = System.currentTimeMillis();
        Map<String, Object> iam = new LinkedHashMap<>();
        iam.put("accountId", account);
        iam.put("userArn", callerArn);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "anonymous");
        context.put("apiId", "writexchange");
        context.put("authorizer", Map.of("iam", iam));
        context.put("domainName", "writexchange.lambda-url.us-east-1.on.aws");
        context.put("domainPrefix", "writexchange");
        context.put("http", Map.of("method", http.getRequestMethod(), "path", path, "protocol", "HTTP/1.1",
                "sourceIp", "127.0.0.1", "userAgent", String.valueOf(headers.getOrDefault("user-agent", ""))));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("timeEpoch", now);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("requestContext", context);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return event;
    }

    @Override
    public void close() {
        server.close();
    }
}
