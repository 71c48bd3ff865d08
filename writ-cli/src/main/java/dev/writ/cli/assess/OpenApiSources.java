package dev.writ.cli.assess;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Routes of APIs defined by an inline OpenAPI document ({@code Body} of
 * {@code AWS::ApiGateway::RestApi} / {@code AWS::ApiGatewayV2::Api}), which is how SAM's transform
 * writes them: each operation's {@code x-amazon-apigateway-integration} names the function and its
 * {@code security} the authorizer, whose {@code x-amazon-apigateway-authorizer} says how it caches.
 */
final class OpenApiSources {
    static final String REST_API = "AWS::ApiGateway::RestApi";
    static final String HTTP_API = "AWS::ApiGatewayV2::Api";

    private final Refs refs;
    private final Authorizers authorizers;

    OpenApiSources(Refs refs, Authorizers authorizers) {
        this.refs = refs;
        this.authorizers = authorizers;
    }

    void read(BiConsumer<String, EventSource> add) {
        for (Resource r : refs.template().resources()) {
            boolean rest = r.type().equals(REST_API);
            if ((rest || r.type().equals(HTTP_API)) && r.property("Body") instanceof Mapping body) {
                api(r, body, rest, add);
            }
        }
    }

    private void api(Resource api, Mapping body, boolean rest, BiConsumer<String, EventSource> add) {
        Mapping schemes = rest ? Values.mapping(body.get("securityDefinitions"))
                : Values.mapping(Values.mapping(body.get("components")).get("securitySchemes"));
        for (Map.Entry<String, Object> path : Values.mapping(body.get("paths")).entrySet()) {
            Mapping operations = Values.mapping(path.getValue());
            for (Map.Entry<String, Object> op : operations.entrySet()) {
                Mapping operation = Values.mapping(op.getValue());
                Object uri = Values.mapping(operation.get("x-amazon-apigateway-integration")).get("uri");
                if (uri == null) {
                    continue;
                }
                ApiAuth auth = auth(api, schemes, operation.containsKey("security") ? operation.get("security") : body.get("security"));
                String method = op.getKey().replace("x-amazon-apigateway-any-method", "ANY").toUpperCase(Locale.ROOT);
                int line = operations.lineOf(op.getKey());
                refs.function(uri).ifPresent(f -> add.accept(f, new EventSource(rest ? "api-rest" : "api-http",
                        (rest ? "REST API " : "HTTP API ") + api.logicalId() + " " + method + " " + path.getKey() + ", " + auth.description(),
                        auth.carriage(), auth.authorizer(), api.logicalId(), line)));
            }
        }
    }

    private ApiAuth auth(Resource api, Mapping schemes, Object security) {
        List<Object> requirements = Values.list(security);
        if (requirements.isEmpty() || Values.mapping(requirements.get(0)).isEmpty()) {
            return ApiAuth.other("no authorizer");
        }
        String name = Values.mapping(requirements.get(0)).keySet().iterator().next();
        Mapping scheme = Values.mapping(schemes.get(name));
        Mapping authorizer = Values.mapping(scheme.get("x-amazon-apigateway-authorizer"));
        if (authorizer.isEmpty()) {
            Object type = scheme.get("x-amazon-apigateway-authtype");
            return ApiAuth.other(name.equals("AWS_IAM") || "awsSigv4".equals(type) ? "IAM authorization" : "authorizer " + name + " (not a Lambda authorizer)");
        }
        if (!authorizer.containsKey("authorizerUri")) {
            return ApiAuth.other("authorizer " + name + " (" + SamEvents.text(authorizer.get("type")) + ", not a Lambda authorizer)");
        }
        String fn = authorizers.function(authorizer.get("authorizerUri"));
        Object ttl = authorizer.get("authorizerResultTtlInSeconds");
        return ApiAuth.lambda(new Authorizer(name, api.logicalId(), fn, authorizers.isWritAuthorizer(fn), Authorizers.ttl(ttl),
                ttl == null ? "authorizerResultTtlInSeconds not set" : "authorizerResultTtlInSeconds: " + SamEvents.text(ttl),
                Authorizers.identitySources(authorizer.get("identitySource")), Values.line(authorizer, api.line())));
    }
}
