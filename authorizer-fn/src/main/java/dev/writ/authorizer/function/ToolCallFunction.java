package dev.writ.authorizer.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.ToolCallExchange;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Where an agent host gets a writ for one tool call ({@link ToolCallExchange}), behind a Lambda
 * function URL with {@code AuthType: AWS_IAM}: the agent is the IAM caller, the user the bearer
 * token in {@code Authorization}. Handler: {@code dev.writ.authorizer.function.ToolCallFunction}.
 * {@code POST {"tool", "arguments", "txn"?}}, get {@code 200 {"writ", "exp", "txn"}} or
 * {@code 4xx/5xx {"reason", "message"}}; never a stack trace.
 */
public class ToolCallFunction extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    ToolCallExchange exchange;

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        if (!"POST".equals(FunctionUrl.method(event))) {
            return FunctionUrl.response(405, Map.of("reason", "BAD_REQUEST", "message", "POST a tool call"));
        }
        ExchangeResult result = exchange.exchange(FunctionUrl.body(event), FunctionUrl.header(event, "Authorization"),
                FunctionUrl.caller(event));
        return FunctionUrl.response(result.status(), result.toJson());
    }
}
