package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.guard.hop.HopRequest;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardedFunction;
import dev.writ.core.json.Json;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.policy.bundle.RouteMatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A local stand-in for API Gateway (REST API, Lambda REQUEST authorizer, proxy integration): a
 * request to a route of the bundle becomes the real REQUEST authorizer event for the authorizer
 * engine; on allow, the real proxy event with {@code requestContext.authorizer.writ} goes to the
 * route's guarded function. Both events go through the Lambda runtime's own JSON mapping.
 */
public final class Gateway implements Api {
    /** The emulated API id and stage. */
    public static final String API_ID = "writlocal";
    public static final String STAGE = "dev";

    /**
     * An HTTP request as the gateway receives it (path without the stage): every value of each header
     * and query parameter, in the order sent, as API Gateway receives a repeated one.
     */
    public record Request(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
                          String body, String sourceIp) {
        public Request {
            query = copy(query);
            headers = copy(headers);
            sourceIp = sourceIp == null ? "127.0.0.1" : sourceIp;
        }

        /** A request whose headers and query parameters are each given once. */
        public static Request of(String method, String path, Map<String, String> query, Map<String, String> headers,
                                 String body, String sourceIp) {
            return new Request(method, path, once(query), once(headers), body, sourceIp);
        }

        public static Request of(String method, String path, Map<String, String> headers) {
            return of(method, path, Map.of(), headers, null, null);
        }

        /**
         * The headers and query as a REST API passes them to its authorizer and its proxy
         * integration: each one's last value in {@code headers} and {@code queryStringParameters},
         * every value in {@code multiValueHeaders} and {@code multiValueQueryStringParameters}; no
         * query maps when there is no query.
         */
        Map<String, Object> restInputs() {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("headers", each(headers, values -> values.get(values.size() - 1)));
            e.put("multiValueHeaders", headers);
            e.put("queryStringParameters", query.isEmpty() ? null : each(query, values -> values.get(values.size() - 1)));
            e.put("multiValueQueryStringParameters", query.isEmpty() ? null : query);
            return e;
        }

        /** The headers as an HTTP API (payload 2.0) or a function URL passes them: a repeated one's values joined with commas. */
        Map<String, String> joinedHeaders() {
            return each(headers, values -> String.join(",", values));
        }

        /** The query parameters as an HTTP API (payload 2.0) passes them: a repeated one's values joined with commas. */
        Map<String, String> joinedQuery() {
            return each(query, values -> String.join(",", values));
        }

        private static Map<String, String> each(Map<String, List<String>> fields, Function<List<String>, String> value) {
            Map<String, String> out = new LinkedHashMap<>();
            fields.forEach((name, values) -> out.put(name, value.apply(values)));
            return out;
        }

        private static Map<String, List<String>> once(Map<String, String> fields) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (fields != null) {
                fields.forEach((name, value) -> out.put(name, List.of(value)));
            }
            return out;
        }

        private static Map<String, List<String>> copy(Map<String, List<String>> fields) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (fields != null) {
                fields.forEach((name, values) -> {
                    if (values != null && !values.isEmpty()) {
                        out.put(name, List.copyOf(values));
                    }
                });
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /**
     * What came back: HTTP status and body, which stage answered ({@code gateway}, {@code authorizer},
     * {@code guard} or {@code function}), the reason code ({@code ALLOWED} when the function ran),
     * a detail, and the lineage records this request appended, in order.
     */
    public record Response(int status, String body, String stage, String code, String detail, List<LineageRecord> lineage,
                           Map<String, String> headers) {
        public Response {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        /** A JSON response, as every emulated route and denial answers. */
        public Response(int status, String body, String stage, String code, String detail, List<LineageRecord> lineage) {
            this(status, body, stage, code, detail, lineage, Map.of("Content-Type", "application/json"));
        }
    }

    private final DevStack stack;
    private final SampleFunctions functions;

    Gateway(DevStack stack, SampleFunctions functions) {
        this.stack = stack;
        this.functions = functions;
    }

    /** The whole path: route, authorizer, guard, function. Never throws for a bad request. */
    @Override
    public Response handle(Request request) {
        return handle(request, functions::handle);
    }

    private Response handle(Request request,
                            GuardedFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
        stack.lineage().begin();
        Optional<RouteMatch> route = stack.bundle().route(request.method(), request.path());
        if (route.isEmpty()) {
            // API Gateway answers an unknown resource itself; the authorizer is never called.
            return new Response(403, Json.write(Map.of("message", "Missing Authentication Token", "code", "NO_ROUTE")),
                    "gateway", "NO_ROUTE", request.method() + " " + request.path(), stack.lineage().drain());
        }
        RouteMatch match = route.get();
        RestAuthorizerEvent authzEvent = authorizerEvent(request, match);
        Decision decision = stack.authorizer().decide(authzEvent);
        if (decision.effect() == Decision.Effect.UNAUTHORIZED) {
            return new Response(401, Json.write(Map.of("message", "Unauthorized", "code", decision.reason().name())),
                    "authorizer", decision.reason().name(), decision.detail(), stack.lineage().drain());
        }
        IamPolicyResponseV1 policy = stack.authorizer().restResponse(authzEvent, decision);
        if (!decision.isAllowed()) {
            return new Response(403, Json.write(Map.of("message", "User is not authorized to access this resource",
                    "code", decision.reason().name())), "authorizer", decision.reason().name(), decision.detail(),
                    stack.lineage().drain());
        }
        Map<String, Object> context = new LinkedHashMap<>(policy.getContext());
        context.put("principalId", policy.getPrincipalId());
        if (match.function().equals(DevStack.MCP)) {
            return mcp(proxyEvent(request, match, context));
        }
        return invoke(match.function(), proxyEvent(request, match, context), handler);
    }

    private Response mcp(APIGatewayProxyRequestEvent event) {
        return mcp(stack, () -> stack.mcpServer().handleRequest(event, new LocalContext(DevStack.MCP)),
                APIGatewayProxyResponseEvent::getStatusCode, APIGatewayProxyResponseEvent::getBody,
                APIGatewayProxyResponseEvent::getHeaders);
    }

    /**
     * The MCP server behind either API flavour: its own handler, whose {@code ToolGuard} verifies
     * the request (a tool call: the writ in {@code _meta}) before the MCP SDK sees it; answered as
     * the stage that decided.
     */
    static <O> Response mcp(DevStack stack, Supplier<O> server, Function<O, Integer> statusOf, Function<O, String> bodyOf,
            Function<O, Map<String, String>> headersOf) {
        List<LineageRecord> records = new ArrayList<>(stack.lineage().drain());
        O response = server.get();
        records.addAll(stack.lineage().drain());
        int status = statusOf.apply(response) == null ? 502 : statusOf.apply(response);
        String body = bodyOf.apply(response) == null ? "" : bodyOf.apply(response);
        Map<String, String> headers = headersOf.apply(response) == null ? Map.of() : headersOf.apply(response);
        if (status < 300) {
            return new Response(status, body, "function", "ALLOWED", "", records, headers);
        }
        // The guard's refusals name Writ's code in error.data.code; the MCP SDK's own errors do not.
        Map<?, ?> error = body.isEmpty() || !(Json.parseObject(body).get("error") instanceof Map<?, ?> e) ? Map.of() : e;
        String message = String.valueOf(error.get("message"));
        if (error.get("data") instanceof Map<?, ?> data && data.get("code") instanceof String code) {
            return new Response(status, body, "guard", code, message, records, headers);
        }
        return new Response(status, body, "function", "JSONRPC_" + error.get("code"), message, records, headers);
    }

    /**
     * Asks the authorizer for the writ of {@code request} (empty on a denial), as a caller holding
     * an allowed writ would see it. The decision is still appended to lineage.
     */
    public Optional<String> writFor(Request request) {
        Optional<RouteMatch> route = stack.bundle().route(request.method(), request.path());
        if (route.isEmpty()) {
            return Optional.empty();
        }
        Decision decision = stack.authorizer().decide(authorizerEvent(request, route.get()));
        stack.lineage().drain();
        return decision.token();
    }

    /**
     * Invokes {@code function} with a proxy event as API Gateway would after the authorizer (or as
     * anyone able to invoke the function would, with whatever writ they hold).
     */
    public Response invoke(String function, APIGatewayProxyRequestEvent event) {
        return invoke(function, event, functions::handle);
    }

    /** As {@link #invoke(String, APIGatewayProxyRequestEvent)}, with {@code code} as the function's handler. */
    public Response invoke(String function, APIGatewayProxyRequestEvent event, UserCode code) {
        return invoke(function, event, (e, context, writ) -> functions.handleWith(code, context, writ));
    }

    private Response invoke(String function, APIGatewayProxyRequestEvent event,
                            GuardedFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
        return guarded(stack, function, event, handler, APIGatewayProxyResponseEvent::getStatusCode,
                APIGatewayProxyResponseEvent::getBody);
    }

    /**
     * The guarded invocation behind both API flavours: {@code function}'s guard around its sample
     * handler, answered as the stage that decided (guard or function), with this request's lineage.
     */
    static <I, O> Response guarded(DevStack stack, String function, I event, GuardedFunction<I, O> handler,
            Function<O, Integer> statusOf, Function<O, String> bodyOf) {
        // From handle(): the authorizer's record, appended just before on this thread, belongs to this request.
        List<LineageRecord> before = stack.lineage().drain();
        Guard guard = stack.guard(function).orElseThrow(() -> new IllegalArgumentException("no function " + function));
        boolean[] ran = {false};
        O response = guard.handle(event, new LocalContext(function), (e, ctx, writ) -> {
            ran[0] = true;
            return handler.handle(e, ctx, writ);
        });
        List<LineageRecord> records = new java.util.ArrayList<>(before);
        records.addAll(stack.lineage().drain());
        Integer statusCode = statusOf.apply(response);
        int status = statusCode == null ? 502 : statusCode;
        String body = bodyOf.apply(response) == null ? "" : bodyOf.apply(response);
        if (ran[0] && status < 300) {
            return new Response(status, body, "function", "ALLOWED", "", records);
        }
        if (ran[0]) {
            // The function ran but a call it made was stopped: who stopped it, and with which code.
            Map<String, Object> failed = Json.parseObject(body);
            Object stage = failed.get("stage");
            Object code = failed.get("code");
            return new Response(status, body, stage == null ? "function" : stage.toString(),
                    code == null ? "FUNCTION_ERROR" : code.toString(), String.valueOf(failed.getOrDefault("detail", "")), records);
        }
        String code = String.valueOf(Json.parseObject(body).get("code"));
        return new Response(status, body, "guard", code, "", records);
    }

    /**
     * Invokes {@code function} directly (Lambda's Invoke) with {@code input} as the event, as any
     * caller able to invoke it would, with whatever writ the event carries.
     */
    public Response invokeDirect(String function, Map<String, Object> input) {
        stack.lineage().begin();
        LocalAws.Invoked out = functions.invoke(function, Json.writeBytes(input), null);
        List<LineageRecord> records = stack.lineage().drain();
        String body = new String(out.payload(), java.nio.charset.StandardCharsets.UTF_8);
        return out.functionError() == null ? new Response(200, body, "function", "ALLOWED", "", records)
                : new Response(403, body, "guard", String.valueOf(Json.parseObject(body).get("errorMessage")), "", records);
    }

    /** {@code function} asks the writ exchange for {@code hop}: the exchange's answer, with its lineage record. */
    public Response exchange(String function, HopRequest hop) {
        stack.lineage().begin();
        ExchangeResult result = stack.exchange().ask(function, hop);
        return new Response(result.status(), Json.write(result.toJson()), "exchange", result.reason(), result.message(),
                stack.lineage().drain());
    }

    /**
     * As {@link #handle(Request)}, with {@code code} as the route function's handler (its guard,
     * the interceptor and the exchange as for the sample): a tour step's own user code.
     */
    public Response handle(Request request, UserCode code) {
        return handle(request, (event, context, writ) -> functions.handleWith(code, context, writ));
    }

    /** The REST REQUEST authorizer event API Gateway sends for {@code request}. */
    RestAuthorizerEvent authorizerEvent(Request request, RouteMatch match) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "REQUEST");
        e.put("methodArn", "arn:aws:execute-api:us-east-1:000000000000:" + API_ID + "/" + STAGE + "/"
                + request.method() + request.path());
        e.put("resource", match.route().pathTemplate());
        e.put("path", request.path());
        e.put("httpMethod", request.method());
        e.putAll(request.restInputs());
        e.put("pathParameters", match.pathParameters());
        e.put("stageVariables", Map.of());
        e.put("requestContext", requestContext(request, match));
        return ((RecordedEvent.Rest) RecordedEvent.parse(Json.write(e))).event();
    }

    /** The REST proxy integration event for {@code request}, carrying {@code authorizerContext}. */
    public APIGatewayProxyRequestEvent proxyEvent(Request request, Map<String, Object> authorizerContext) {
        RouteMatch match = stack.bundle().route(request.method(), request.path())
                .orElseThrow(() -> new IllegalArgumentException("no route " + request.method() + " " + request.path()));
        return proxyEvent(request, match, authorizerContext);
    }

    private APIGatewayProxyRequestEvent proxyEvent(Request request, RouteMatch match, Map<String, Object> authorizerContext) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("resource", match.route().pathTemplate());
        e.put("path", request.path());
        e.put("httpMethod", request.method());
        e.putAll(request.restInputs());
        e.put("pathParameters", match.pathParameters().isEmpty() ? null : match.pathParameters());
        Map<String, Object> rc = requestContext(request, match);
        rc.put("authorizer", authorizerContext);
        e.put("requestContext", rc);
        e.put("body", request.body());
        e.put("isBase64Encoded", false);
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, Gateway.class.getClassLoader())
                .fromJson(Json.write(e));
    }

    private static Map<String, Object> requestContext(Request request, RouteMatch match) {
        Map<String, Object> rc = new LinkedHashMap<>();
        rc.put("accountId", "000000000000");
        rc.put("apiId", API_ID);
        rc.put("stage", STAGE);
        rc.put("requestId", UUID.randomUUID().toString());
        rc.put("resourcePath", match.route().pathTemplate());
        rc.put("httpMethod", request.method());
        rc.put("path", "/" + STAGE + request.path());
        rc.put("identity", Map.of("sourceIp", request.sourceIp()));
        return rc;
    }
}
