package dev.writ.lineagefn.local;


import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.audit.CheckpointKey;
import dev.writ.lineagefn.config.CheckpointKeys;
import dev.writ.lineagefn.config.LineageBeans.DynamoDbClients;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.inject.BeanConfiguration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The auditor API (and its explorer page) outside Lambda, for {@code writ dev}: the same Micronaut
 * context and the same API Gateway proxy handler classes a deployment runs, with the DynamoDB
 * client and the checkpoint verifier key given by the host instead of read from the environment
 * (the host's DynamoDB Local and local checkpoint key). Events in, responses out, exactly as
 * Lambda would pass them.
 */
public final class LocalAuditorApi implements AutoCloseable {
    private final ApplicationContext context;
    private final ApiGatewayProxyRequestEventFunction rest;
    private final APIGatewayV2HTTPEventFunction http;

    private LocalAuditorApi(ApplicationContext context) {
        this.context = context;
        this.rest = new ApiGatewayProxyRequestEventFunction(context);
        this.http = new APIGatewayV2HTTPEventFunction(context);
    }

    /**
     * Starts the context. {@code checkpointLabel} names the checkpoint key in verification results;
     * {@code foreignPackages} are packages of other Micronaut modules on the host's classpath whose
     * beans must not start here (e.g. the authorizer's functions, which read their own environment).
     */
    public static LocalAuditorApi start(String table, Supplier<DynamoDbClient> dynamo, String checkpointLabel,
            CheckpointKey checkpointKey, List<String> foreignPackages) {
        DynamoDbClients clients = new DynamoDbClients(dynamo);
        CheckpointKeys keys = CheckpointKeys.fixed(checkpointLabel, checkpointKey);
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .properties(Map.of("writ.lineage.table", table))
                .beanDefinitions(
                        RuntimeBeanDefinition.builder(DynamoDbClients.class, () -> clients).singleton(true)
                                .replaces(DynamoDbClients.class).build(),
                        RuntimeBeanDefinition.builder(CheckpointKeys.class, () -> keys).singleton(true)
                                .replaces(CheckpointKeys.class).build())
                .beanConfigurations(foreignPackages.stream().map(BeanConfiguration::disabled).toArray(BeanConfiguration[]::new))
                .start();
        try {
            return new LocalAuditorApi(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** A REST API (payload 1.0) proxy event, through {@code ApiGatewayProxyRequestEventFunction}. */
    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context lambda) {
        return rest.handleRequest(event, lambda);
    }

    /** An HTTP API (payload 2.0) event, through {@code APIGatewayV2HTTPEventFunction}. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context lambda) {
        return http.handleRequest(event, lambda);
    }

    @Override
    public void close() {
        context.close();
    }
}
