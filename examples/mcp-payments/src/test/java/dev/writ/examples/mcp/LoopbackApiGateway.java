package dev.writ.examples.mcp;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.writ.authorizer.Authorizer;
import dev.writ.authorizer.Decision;
import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.testsupport.TestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * API Gateway for one route, {@code POST /mcp} (and whatever else reaches {@code /mcp}), on
 * 127.0.0.1: the REST REQUEST authorizer event for the real authorizer engine, then, on allow, the
 * proxy event with {@code requestContext.authorizer.writ} for the function, as API Gateway sends
 * them. What it leaves out: API Gateway's own limits and its 401/403 bodies (short JSON here).
 */
final class LoopbackApiGateway implements AutoCloseable {
    static final String API_ID = "mcploop";
    static final String STAGE = "test";
    static final String FUNCTION = "payments-mcp";

    private final HttpServer server;
    private final Authorizer authorizer;
    private final PaymentsMcpFunction function;
    private volatile UnaryOperator<Map<String, String>> authorizerHeaders = UnaryOperator.identity();
    private final List<Decision> decisions = new java.util.concurrent.CopyOnWriteArrayList<>();

    LoopbackApiGateway(Authorizer authorizer, PaymentsMcpFunction function) throws IOException {
        this.authorizer = authorizer;
        this.function = function;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/mcp", this::serve);
        server.start();
    }

    /**
     * Shows the authorizer other headers than the request's (the function still gets the request's):
     * a writ issued for another request, as a replayed or leaked one would be.
     */
    void showAuthorizer(UnaryOperator<Map<String, String>> headers) {
        authorizerHeaders = headers;
    }

    /** The authorizer's decisions, in the order the requests came. */
    List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** The authorizer's decision on the last request. */
    Decision lastDecision() {
        return decisions.get(decisions.size() - 1);
    }

    /** The MCP endpoint's URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    private void serve(HttpExchange http) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        http.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            multi.put(name, new ArrayList<>(values));
        });
        String method = http.getRequestMethod();
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String requestId = UUID.randomUUID().toString();

        RestAuthorizerEvent authz = new RestAuthorizerEvent();
        authz.setType("REQUEST");
        authz.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:" + API_ID + "/" + STAGE + "/" + method + "/mcp");
        authz.setResource("/mcp");
        authz.setPath("/mcp");
        authz.setHttpMethod(method);
        authz.setHeaders(authorizerHeaders.apply(new LinkedHashMap<>(headers)));
        APIGatewayCustomAuthorizerEvent.RequestContext authzContext = new APIGatewayCustomAuthorizerEvent.RequestContext();
        authzContext.setApiId(API_ID);
        authzContext.setStage(STAGE);
        authzContext.setRequestId(requestId);
        APIGatewayCustomAuthorizerEvent.Identity identity = new APIGatewayCustomAuthorizerEvent.Identity();
        identity.setSourceIp("127.0.0.1");
        authzContext.setIdentity(identity);
        authz.setRequestContext(authzContext);
        Decision decision = authorizer.decide(authz);
        decisions.add(decision);
        if (decision.effect() == Decision.Effect.UNAUTHORIZED) {
            write(http, 401, "{\"message\":\"Unauthorized\"}", Map.of());
            return;
        }
        if (!decision.isAllowed()) {
            write(http, 403, "{\"message\":\"User is not authorized to access this resource\"}", Map.of());
            return;
        }
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withApiId(API_ID).withStage(STAGE).withRequestId(requestId).withHttpMethod(method)
                .withResourcePath("/mcp").withPath("/" + STAGE + "/mcp")
                .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1"));
        context.setAuthorizer(Map.of("writ", decision.token().orElseThrow(), "principalId", decision.principalId()));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource("/mcp").withPath("/mcp").withHttpMethod(method)
                .withHeaders(headers).withMultiValueHeaders(multi).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(context);
        APIGatewayProxyResponseEvent response = function.handleRequest(event, new TestContext(FUNCTION));
        write(http, response.getStatusCode(), response.getBody(), response.getHeaders());
    }

    private static void write(HttpExchange http, int status, String body, Map<String, String> headers) throws IOException {
        if (headers != null) {
            headers.forEach((k, v) -> http.getResponseHeaders().add(k, v));
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
