package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

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
        if (!"POST".equals(FunctionUrl.method(event))) {
            return FunctionUrl.response(405, Map.of("reason", "BAD_REQUEST", "message", "POST a hop request"));
        }
        ExchangeResult result = exchange.exchange(FunctionUrl.body(event), FunctionUrl.caller(event));
        return FunctionUrl.response(result.status(), result.toJson());
    }
}
