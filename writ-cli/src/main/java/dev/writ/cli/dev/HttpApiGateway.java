package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.guard.internal.Headers;
import dev.writ.core.json.Json;
import dev.writ.policy.bundle.RouteMatch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A local stand-in for an API Gateway HTTP API as sam-templates' {@code PaymentsHttpApi} configures
 * it: {@code $default} stage, a Lambda REQUEST authorizer with payload 2.0 and simple responses,
 * identity source the {@code Authorization} header, payload 2.0 integrations. A request to a route
 * of the bundle without that header is answered 401 by the gateway (the authorizer is not called);
 * otherwise the real HTTP API authorizer event goes to the authorizer engine, and on
 * {@code isAuthorized} the real {@code APIGatewayV2HTTPEvent} with
 * {@code requestContext.authorizer.lambda.writ} goes to the route's guarded function ({@code POST /mcp}:
 * examples/mcp-payments' {@code PaymentsMcpHttpApiFunction}).
 */
public final class HttpApiGateway implements Api {
    /** The emulated API id; HTTP APIs here use the {@code $default} stage (no stage in the path). */
    public static final String API_ID = "writhttp";
    public static final String STAGE = "$default";
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final DevStack stack;
    private final SampleFunctions functions;

    HttpApiGateway(DevStack stack, SampleFunctions functions) {
        this.stack = stack;
        this.functions = functions;
    }

    @Override
    public Gateway.Response handle(Gateway.Request request) {
        stack.lineage().begin();
        Optional<RouteMatch> route = stack.bundle().route(request.method(), request.path());
        if (route.isEmpty()) {
            return new Gateway.Response(404, Json.write(Map.of("message", "Not Found", "code", "NO_ROUTE")), "gateway",
                    "NO_ROUTE", request.method() + " " + request.path(), stack.lineage().drain());
        }
        if (Headers.get(request.joinedHeaders(), "Authorization") == null) {
            // An identity source is missing: the HTTP API answers 401 without calling the authorizer.
            return new Gateway.Response(401, Json.write(Map.of("message", "Unauthorized", "code", "MISSING_IDENTITY_SOURCE")),
                    "gateway", "MISSING_IDENTITY_SOURCE", "no Authorization header", stack.lineage().drain());
        }
        RouteMatch match = route.get();
        Decision decision = stack.authorizer().decide(authorizerEvent(request, match));
        SimpleIAMPolicyResponse answer = stack.authorizer().httpSimpleResponse(decision);
        if (!answer.getIsAuthorized()) {
            // Simple responses know only yes or no: every refusal is a 403 (the code is ours, for reading).
            return new Gateway.Response(403, Json.write(Map.of("message", "Forbidden", "code", decision.reason().name())),
                    "authorizer", decision.reason().name(), decision.detail(), stack.lineage().drain());
        }
        Map<String, Object> context = new LinkedHashMap<>();
        if (answer.getContext() != null) {
            context.putAll(answer.getContext());
        }
        APIGatewayV2HTTPEvent event = httpEvent(request, match, context);
        if (match.function().equals(DevStack.MCP)) {
            return Gateway.mcp(stack, () -> stack.mcpHttpServer().handleRequest(event, new LocalContext(DevStack.MCP)),
                    APIGatewayV2HTTPResponse::getStatusCode, APIGatewayV2HTTPResponse::getBody, APIGatewayV2HTTPResponse::getHeaders);
        }
        return Gateway.guarded(stack, match.function(), event, functions::handleHttp,
                APIGatewayV2HTTPResponse::getStatusCode, APIGatewayV2HTTPResponse::getBody);
    }

    /** The payload 2.0 REQUEST authorizer event an HTTP API sends for {@code request}. */
    APIGatewayV2CustomAuthorizerEvent authorizerEvent(Gateway.Request request, RouteMatch match) {
        Map<String, Object> e = common(request, match);
        e.put("type", "REQUEST");
        e.put("routeArn", "arn:aws:execute-api:us-east-1:000000000000:" + API_ID + "/" + STAGE + "/" + request.method()
                + request.path());
        e.put("identitySource", List.of(Headers.get(request.joinedHeaders(), "Authorization")));
        return ((RecordedEvent.Http) RecordedEvent.parse(Json.write(e))).event();
    }

    /** The payload 2.0 integration event, with the authorizer's context at {@code requestContext.authorizer.lambda}. */
    APIGatewayV2HTTPEvent httpEvent(Gateway.Request request, RouteMatch match, Map<String, Object> authorizerContext) {
        Map<String, Object> e = common(request, match);
        e.put("cookies", null);
        e.put("body", request.body() == null || request.body().isEmpty() ? null : request.body());
        e.put("isBase64Encoded", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> rc = (Map<String, Object>) e.get("requestContext");
        rc.put("authorizer", Map.of("lambda", authorizerContext));
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, HttpApiGateway.class.getClassLoader())
                .fromJson(Json.write(e));
    }

    /**
     * What both payload 2.0 events share: route key, raw path and query, lower-case headers and query
     * parameters with a repeated one's values joined with commas, request context.
     */
    private static Map<String, Object> common(Gateway.Request request, RouteMatch match) {
        String routeKey = match.route().method() + " " + match.route().pathTemplate();
        Map<String, String> headers = new LinkedHashMap<>();
        request.joinedHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", request.path());
        e.put("rawQueryString", rawQuery(request.query()));
        e.put("headers", headers);
        e.put("queryStringParameters", request.query().isEmpty() ? null : request.joinedQuery());
        e.put("pathParameters", match.pathParameters().isEmpty() ? null : match.pathParameters());
        e.put("stageVariables", null);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.method());
        http.put("path", request.path());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Map<String, Object> rc = new LinkedHashMap<>();
        rc.put("accountId", "000000000000");
        rc.put("apiId", API_ID);
        rc.put("domainName", API_ID + ".execute-api.localhost");
        rc.put("domainPrefix", API_ID);
        rc.put("http", http);
        rc.put("requestId", UUID.randomUUID().toString());
        rc.put("routeKey", routeKey);
        rc.put("stage", STAGE);
        rc.put("time", CLF.format(now));
        rc.put("timeEpoch", now.toInstant().toEpochMilli());
        e.put("requestContext", rc);
        return e;
    }

    /** The query string as the gateway forwards it, every value; authorizer and guard both hash this same text. */
    private static String rawQuery(Map<String, List<String>> query) {
        return query.entrySet().stream()
                .flatMap(q -> q.getValue().stream().map(v -> URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }
}
