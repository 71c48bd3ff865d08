package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.core.json.Json;
import dev.writ.lineagefn.local.LocalAuditorApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * lineage-fn's auditor API and explorer page on {@code writ dev}'s port, as API Gateway would
 * serve them: each request under {@code /api/} or {@code /explorer} becomes the REST API proxy
 * event of an {@code ANY /{proxy+}} route and goes to lineage-fn's own handler class
 * ({@code ApiGatewayProxyRequestEventFunction}) reading the stack's DynamoDB Local. Like
 * sam-templates' AuditApi it is a separate API from the payments routes; unlike it, it has no IAM
 * authorization here (loopback only).
 */
final class AuditorApi implements AutoCloseable {
    /** The explorer page's path. */
    static final String EXPLORER = "/explorer";
    static final String API_ID = "writaudit";
    static final String FUNCTION = "writ-auditor-api";
    // The authorizer's Micronaut functions are on the CLI's classpath too; their beans read the
    // authorizer's own environment and have no business in the auditor's context.
    private static final List<String> FOREIGN_PACKAGES = List.of("dev.writ.authorizer");

    private final LocalAuditorApi api;

    private AuditorApi(LocalAuditorApi api) {
        this.api = api;
    }

    static AuditorApi start(DevStack stack) {
        return new AuditorApi(LocalAuditorApi.start(DevStack.LINEAGE_TABLE, stack::dynamo, "local checkpoint key (writ dev)",
                stack.checkpointKey(), FOREIGN_PACKAGES));
    }

    /** True for the paths this API answers: the explorer and everything under {@code /api/}. */
    static boolean serves(String rawPath) {
        return rawPath.equals(EXPLORER) || rawPath.startsWith(EXPLORER + "/") || rawPath.equals("/api")
                || rawPath.startsWith("/api/");
    }

    /** {@code request.path()} is the raw, still percent-encoded path, as REST APIs pass it on. */
    Gateway.Response handle(Gateway.Request request) {
        APIGatewayProxyResponseEvent out = api.handle(event(request), new LocalContext(FUNCTION));
        int status = out.getStatusCode() == null ? 502 : out.getStatusCode();
        String body = out.getBody() == null ? "" : out.getBody();
        if (Boolean.TRUE.equals(out.getIsBase64Encoded())) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (out.getMultiValueHeaders() != null) {
            out.getMultiValueHeaders().forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    headers.put(k, String.join(",", v));
                }
            });
        }
        if (out.getHeaders() != null) {
            headers.putAll(out.getHeaders());
        }
        return new Gateway.Response(status, body, "auditor", code(status, body), "", List.of(), headers);
    }

    private static String code(int status, String body) {
        if (status < 400) {
            return "OK";
        }
        try {
            Object error = Json.parseObject(body).get("error");
            return error == null ? "HTTP_" + status : error.toString();
        } catch (RuntimeException notJson) {
            return "HTTP_" + status;
        }
    }

    /** The proxy event of an {@code ANY /{proxy+}} route on stage {@link Gateway#STAGE}. */
    private static APIGatewayProxyRequestEvent event(Gateway.Request request) {
        String path = request.path();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("resource", "/{proxy+}");
        e.put("path", path);
        e.put("httpMethod", request.method());
        e.putAll(request.restInputs());
        // Path parameters are decoded, the path is not (REST APIs).
        e.put("pathParameters", Map.of("proxy", URLDecoder.decode(path.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8)));
        Map<String, Object> rc = new LinkedHashMap<>();
        rc.put("accountId", "000000000000");
        rc.put("apiId", API_ID);
        rc.put("stage", Gateway.STAGE);
        rc.put("requestId", UUID.randomUUID().toString());
        rc.put("resourcePath", "/{proxy+}");
        rc.put("httpMethod", request.method());
        rc.put("path", "/" + Gateway.STAGE + path);
        rc.put("requestTimeEpoch", System.currentTimeMillis());
        rc.put("identity", Map.of("sourceIp", request.sourceIp()));
        e.put("requestContext", rc);
        e.put("body", request.body() == null || request.body().isEmpty() ? null : request.body());
        e.put("isBase64Encoded", false);
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, AuditorApi.class.getClassLoader())
                .fromJson(Json.write(e));
    }

    @Override
    public void close() {
        api.close();
    }
}
