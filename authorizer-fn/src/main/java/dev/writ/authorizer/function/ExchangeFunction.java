package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.core.json.Json;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The writ exchange behind a Lambda function URL with {@code AuthType: AWS_IAM} (payload format
 * 2.0): Lambda checks the SigV4 signature and reports the caller at
 * {@code requestContext.authorizer.iam.userArn}, which the exchange checks against the parent
 * writ. Handler: {@code dev.writ.authorizer.function.ExchangeFunction}. {@code POST} a hop request,
 * get {@code 200 {"writ", "exp"}} or {@code 4xx/5xx {"reason", "message"}}; never a stack trace.
 */
public class ExchangeFunction extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    WritExchange exchange;

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        Optional<APIGatewayV2HTTPEvent.RequestContext> context = Optional.ofNullable(event.getRequestContext());
        String method = context.map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod).orElse(null);
        if (!"POST".equals(method)) {
            return response(405, Map.of("reason", "BAD_REQUEST", "message", "POST a hop request"));
        }
        String caller = context.map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam)
                .map(APIGatewayV2HTTPEvent.RequestContext.IAM::getUserArn).orElse(null);
        ExchangeResult result = exchange.exchange(body(event), caller);
        return response(result.status(), result.toJson());
    }

    /** The body as text; a function URL base64-encodes a body whose content type is not text. */
    private static String body(APIGatewayV2HTTPEvent event) {
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

    private static APIGatewayV2HTTPResponse response(int status, Map<String, Object> body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
                .withBody(Json.write(body)).build();
    }
}
