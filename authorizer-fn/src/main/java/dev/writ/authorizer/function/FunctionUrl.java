package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** A Lambda function URL's event (payload 2.0, {@code AuthType: AWS_IAM}) as the exchange functions read it, and their JSON answers. */
final class FunctionUrl {

    private FunctionUrl() {
    }

    /** The HTTP method, or null. */
    static String method(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext()).map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod).orElse(null);
    }

    /** The IAM caller Lambda authenticated ({@code requestContext.authorizer.iam.userArn}), or null. */
    static String caller(APIGatewayV2HTTPEvent event) {
        return Optional.ofNullable(event.getRequestContext()).map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam)
                .map(APIGatewayV2HTTPEvent.RequestContext.IAM::getUserArn).orElse(null);
    }

    /** Header {@code name} in any case (function URLs send names in lower case), or null. */
    static String header(APIGatewayV2HTTPEvent event, String name) {
        if (event.getHeaders() == null) {
            return null;
        }
        return event.getHeaders().entrySet().stream().filter(h -> name.equalsIgnoreCase(h.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The body as text; a function URL base64-encodes a body whose content type is not text. */
    static String body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || !event.getIsBase64Encoded()) {
            return body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    static APIGatewayV2HTTPResponse response(int status, Map<String, Object> body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
                .withBody(Json.write(body)).build();
    }
}
