package dev.writ.e2e;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * API Gateway events for {@code POST /payments} on the REST API (stage {@code v1}) and the HTTP
 * API (payload format 2.0, stage {@code $default}), from the JSON
 * files in {@code src/test/resources/events} (the shapes API Gateway sends), typed by the Lambda
 * runtime's own serializer, as a deployed function receives them.
 */
final class Events {
    static final String API_ID = "e2eapi1";
    static final String STAGE = "v1";

    private Events() {
    }

    /** The REQUEST authorizer event for a caller with bearer {@code token} asking to pay {@code amount}. */
    static APIGatewayCustomAuthorizerEvent authorizerRequest(String token, long amount) {
        String json = fill("rest-request-authorizer", token, amount, e -> { });
        return LambdaEventSerializers.serializerFor(APIGatewayCustomAuthorizerEvent.class, Events.class.getClassLoader())
                .fromJson(json);
    }

    /**
     * The proxy integration event API Gateway sends the function after the authorizer, with the
     * authorizer's context at {@code requestContext.authorizer}; {@code edit} changes the JSON
     * tree first (another path, no authorizer, ...).
     */
    static APIGatewayProxyRequestEvent proxy(String token, long amount, Map<String, Object> authorizerContext,
                                             Consumer<Map<String, Object>> edit) {
        String json = fill("rest-proxy", token, amount, e -> {
            map(e, "requestContext").put("authorizer", authorizerContext);
            edit.accept(e);
        });
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, Events.class.getClassLoader())
                .fromJson(json);
    }

    /** The HTTP API REQUEST authorizer event (payload format 2.0) for {@code POST /payments}. */
    static APIGatewayV2CustomAuthorizerEvent httpAuthorizerRequest(String token, long amount) {
        return typed(APIGatewayV2CustomAuthorizerEvent.class, fill("http-authorizer-request", token, amount, e -> { }));
    }

    /** The HTTP API integration event (payload 2.0) with the Lambda authorizer's context at {@code requestContext.authorizer.lambda}. */
    static APIGatewayV2HTTPEvent httpProxy(String token, long amount, Map<String, ?> authorizerContext) {
        return typed(APIGatewayV2HTTPEvent.class, fill("http-v2", token, amount,
                e -> map(e, "requestContext").put("authorizer", Map.of("lambda", authorizerContext))));
    }

    private static <T> T typed(Class<T> type, String json) {
        return LambdaEventSerializers.serializerFor(type, Events.class.getClassLoader()).fromJson(json);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static String fill(String name, String token, long amount, Consumer<Map<String, Object>> edit) {
        String text;
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> tree = Json.parseObject(text.replace("${TOKEN}", token)
                .replace("${AMOUNT}", Long.toString(amount)).replace("${REQUEST_ID}", UUID.randomUUID().toString()));
        edit.accept(tree);
        return Json.write(tree);
    }
}
