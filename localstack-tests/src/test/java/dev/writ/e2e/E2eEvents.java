package dev.writ.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import static dev.writ.testsupport.Events.child;
import static dev.writ.testsupport.Events.typed;

import dev.writ.authorizer.event.RestAuthorizerEvent;
import dev.writ.core.json.Json;
import dev.writ.testsupport.Events;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * API Gateway events for {@code POST /payments} on the REST API (stage {@code v1}) and the HTTP
 * API (payload format 2.0, stage {@code $default}), from the JSON
 * files {@code src/test/resources/events/e2e-*.json} (the shapes API Gateway sends), typed by the Lambda
 * runtime's own serializer, as a deployed function receives them.
 */
final class E2eEvents {
    static final String API_ID = "e2eapi1";
    static final String STAGE = "v1";

    private E2eEvents() {
    }

    /** The REQUEST authorizer event for a caller with bearer {@code token} asking to pay {@code amount}. */
    static RestAuthorizerEvent authorizerRequest(String token, long amount) {
        return typed(RestAuthorizerEvent.class, fill("e2e-rest-request-authorizer", token, amount, e -> { }));
    }

    /**
     * The proxy integration event API Gateway sends the function after the authorizer, with the
     * authorizer's context at {@code requestContext.authorizer}; {@code edit} changes the JSON
     * tree first (another path, no authorizer, ...).
     */
    static APIGatewayProxyRequestEvent proxy(String token, long amount, Map<String, Object> authorizerContext,
                                             Consumer<Map<String, Object>> edit) {
        return typed(APIGatewayProxyRequestEvent.class, fill("e2e-rest-proxy", token, amount, e -> {
            child(e, "requestContext").put("authorizer", authorizerContext);
            edit.accept(e);
        }));
    }

    /** The HTTP API REQUEST authorizer event (payload format 2.0) for {@code POST /payments}. */
    static APIGatewayV2CustomAuthorizerEvent httpAuthorizerRequest(String token, long amount) {
        return typed(APIGatewayV2CustomAuthorizerEvent.class, fill("e2e-http-authorizer-request", token, amount, e -> { }));
    }

    /** The HTTP API integration event (payload 2.0) with the Lambda authorizer's context at {@code requestContext.authorizer.lambda}. */
    static APIGatewayV2HTTPEvent httpProxy(String token, long amount, Map<String, ?> authorizerContext) {
        return typed(APIGatewayV2HTTPEvent.class, fill("e2e-http-v2", token, amount,
                e -> child(e, "requestContext").put("authorizer", Map.of("lambda", authorizerContext))));
    }

    private static String fill(String name, String token, long amount, Consumer<Map<String, Object>> edit) {
        Map<String, Object> tree = Json.parseObject(Events.text(name + ".json").replace("${TOKEN}", token)
                .replace("${AMOUNT}", Long.toString(amount)).replace("${REQUEST_ID}", UUID.randomUUID().toString()));
        edit.accept(tree);
        return Json.write(tree);
    }
}
