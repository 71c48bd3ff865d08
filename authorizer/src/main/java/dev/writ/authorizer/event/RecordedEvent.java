package dev.writ.authorizer.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.core.json.Json;
import java.util.Map;

/**
 * An authorizer event read from its JSON (a recorded event, for {@code writ authorize} and tests),
 * typed exactly as the Lambda runtime would type it for the authorizer functions' event types. The kind is told by the event itself: HTTP API
 * events carry {@code version} "2.0" or a {@code routeArn}; REST events a {@code methodArn} and
 * {@code type} TOKEN or REQUEST.
 */
public sealed interface RecordedEvent {

    /** A REST API TOKEN or REQUEST event, with its multi-value maps. */
    record Rest(RestAuthorizerEvent event) implements RecordedEvent {
    }

    /** An HTTP API REQUEST event. */
    record Http(APIGatewayV2CustomAuthorizerEvent event) implements RecordedEvent {
    }

    /**
     * Parses one event.
     *
     * @throws IllegalArgumentException when it is not a JSON object of a known authorizer event type
     */
    static RecordedEvent parse(String json) {
        Map<String, Object> tree = Json.parseObject(json);
        if ("2.0".equals(tree.get("version")) || tree.containsKey("routeArn")) {
            return new Http(typed(APIGatewayV2CustomAuthorizerEvent.class, json));
        }
        Object type = tree.get("type");
        if (tree.containsKey("methodArn") && ("TOKEN".equals(type) || "REQUEST".equals(type))) {
            return new Rest(typed(RestAuthorizerEvent.class, json));
        }
        throw new IllegalArgumentException("not an API Gateway authorizer event (no routeArn, version 2.0, or methodArn with type TOKEN/REQUEST)");
    }

    private static <T> T typed(Class<T> type, String json) {
        return LambdaEventSerializers.serializerFor(type, RecordedEvent.class.getClassLoader()).fromJson(json);
    }
}
