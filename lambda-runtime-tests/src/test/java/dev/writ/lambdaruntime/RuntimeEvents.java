package dev.writ.lambdaruntime;

import static dev.writ.testsupport.Events.child;

import dev.writ.core.json.Json;
import dev.writ.testsupport.Events;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway REST API events for {@code POST} and {@code GET /payments} (stage {@code prod}, API {@code a1b2c3})
 * and the auditor API, from the JSON files in {@code src/test/resources/events/} (the shapes API
 * Gateway sends), with the per-request fields filled in.
 */
final class RuntimeEvents {
    private RuntimeEvents() {
    }

    /** The REQUEST authorizer event API Gateway sends for {@code POST /payments} with this bearer token and amount. */
    static String authorizerRequest(String token, long amount) {
        Map<String, Object> event = load("rest-authorizer-request.json");
        String bearer = "Bearer " + token;
        header(event, "Authorization", bearer);
        header(event, "X-Payment-Amount", Long.toString(amount));
        return Json.write(event);
    }

    /**
     * The proxy event API Gateway hands the backend after the authorizer answered: its
     * {@code principalId} and {@code context} under {@code requestContext.authorizer}, as the gateway
     * copies them. {@code authorizerResponse} null: no authorizer context at all.
     */
    static String paymentsRequest(Map<String, Object> authorizerResponse, long amount) {
        Map<String, Object> event = load("rest-proxy-payments.json");
        header(event, "X-Payment-Amount", Long.toString(amount));
        Map<String, Object> rc = child(event, "requestContext");
        rc.put("requestId", UUID.randomUUID().toString());
        Map<String, Object> authorizer = new LinkedHashMap<>();
        if (authorizerResponse != null) {
            authorizer.put("principalId", authorizerResponse.get("principalId"));
            Object context = authorizerResponse.get("context");
            if (context instanceof Map<?, ?> m) {
                m.forEach((k, v) -> authorizer.put((String) k, v));
            }
            rc.put("authorizer", authorizer);
        } else {
            rc.remove("authorizer");
        }
        return Json.write(event);
    }

    /** The REQUEST authorizer event API Gateway sends for {@code GET /payments} with this bearer token. */
    static String listAuthorizerRequest(String token) {
        Map<String, Object> event = asGet(load("rest-authorizer-request.json"));
        event.put("methodArn", ((String) event.get("methodArn")).replace("/POST/", "/GET/"));
        header(event, "Authorization", "Bearer " + token);
        return Json.write(event);
    }

    /**
     * The proxy event for {@code GET /payments} after the authorizer answered, as
     * {@link #paymentsRequest} makes it for {@code POST} (no body, no amount).
     */
    static String listPaymentsRequest(Map<String, Object> authorizerResponse) {
        Map<String, Object> event = asGet(Json.parseObject(paymentsRequest(authorizerResponse, 0)));
        event.put("body", null);
        child(event, "headers").remove("X-Payment-Amount");
        child(event, "multiValueHeaders").remove("X-Payment-Amount");
        return Json.write(event);
    }

    private static Map<String, Object> asGet(Map<String, Object> event) {
        event.put("httpMethod", "GET");
        child(event, "requestContext").put("httpMethod", "GET");
        return event;
    }

    /** The API Gateway request id of a proxy event. */
    static String requestId(String event) {
        return (String) child(Json.parseObject(event), "requestContext").get("requestId");
    }

    /** The HTTP API (payload 2.0) Lambda authorizer event for {@code POST /payments}. */
    static String httpAuthorizerRequest(String token, long amount) {
        Map<String, Object> event = load("http-authorizer-request.json");
        event.put("identitySource", List.of("Bearer " + token));
        child(event, "headers").put("authorization", "Bearer " + token);
        child(event, "headers").put("x-payment-amount", Long.toString(amount));
        return Json.write(event);
    }

    /**
     * The payload 2.0 event an HTTP API hands the backend: a simple-response authorizer's
     * {@code context} under {@code requestContext.authorizer.lambda}. {@code context} null: none.
     */
    static String httpPaymentsRequest(Map<String, Object> context, long amount) {
        Map<String, Object> event = load("http-v2-payments.json");
        child(event, "headers").put("x-payment-amount", Long.toString(amount));
        Map<String, Object> rc = child(event, "requestContext");
        rc.put("requestId", UUID.randomUUID().toString());
        if (context != null) {
            rc.put("authorizer", Map.of("lambda", context));
        }
        return Json.write(event);
    }

    /** The EventBridge schedule event that triggers the checkpoint signer. */
    static String scheduled() {
        return Json.write(load("scheduled-event.json"));
    }

    /** A GET on the auditor API behind a REST API {@code {proxy+}} resource. */
    static String auditorGet(String apiPath) {
        Map<String, Object> event = load("rest-proxy-auditor.json");
        event.put("path", apiPath);
        event.put("pathParameters", Map.of("proxy", apiPath.substring(1)));
        child(event, "requestContext").put("path", "/prod" + apiPath);
        return Json.write(event);
    }

    private static void header(Map<String, Object> event, String name, String value) {
        child(event, "headers").put(name, value);
        child(event, "multiValueHeaders").put(name, List.of(value));
    }

    private static Map<String, Object> load(String name) {
        return Json.parseObject(Events.text(name));
    }
}
