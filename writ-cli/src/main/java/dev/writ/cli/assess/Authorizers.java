package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Resolves the authorizer of an API route: SAM's Auth sections, and plain API Gateway authorizers. */
final class Authorizers {
    static final String SAM_API = "AWS::Serverless::Api";
    static final String SAM_HTTP_API = "AWS::Serverless::HttpApi";

    private final Refs refs;
    private final Map<String, LambdaFunction> functions;

    Authorizers(Refs refs, Map<String, LambdaFunction> functions) {
        this.refs = refs;
        this.functions = functions;
    }

    /** Whether the function is Writ's authorizer (by its handler class). */
    boolean isWritAuthorizer(String functionId) {
        LambdaFunction f = functionId == null ? null : functions.get(functionId);
        String cls = f == null ? null : WritNames.handlerClass(f.handler());
        return cls != null && cls.startsWith(WritNames.AUTHORIZER_PACKAGE);
    }

    /** A SAM {@code Api} event: its API's (or the implicit API's) authorizer, or the event's own choice. */
    ApiAuth samRest(Mapping event, String apiId) {
        return sam(event, apiId, "Api", SAM_API, "REST");
    }

    /** A SAM {@code HttpApi} event. */
    ApiAuth samHttp(Mapping event, String apiId) {
        return sam(event, apiId, "HttpApi", SAM_HTTP_API, "HTTP");
    }

    private ApiAuth sam(Mapping event, String apiId, String globalsSection, String type, String flavour) {
        Mapping api;
        if (apiId == null) {
            api = refs.template().globals(globalsSection);
        } else {
            Optional<Resource> r = refs.template().resource(apiId);
            if (r.isEmpty() || !r.get().type().equals(type)) {
                return ApiAuth.other("API " + apiId + " is not a " + type + " of this template: its authorizer is not assessed");
            }
            api = merged(refs.template().globals(globalsSection), r.get().properties());
        }
        Mapping auth = Values.mapping(api.get("Auth"));
        if (auth.isEmpty() && (api.containsKey("DefinitionBody") || api.containsKey("DefinitionUri"))) {
            return ApiAuth.other("API defined by an OpenAPI document outside Auth: its authorizer is not assessed");
        }
        Object chosen = Values.mapping(event.get("Auth")).get("Authorizer");
        if (chosen == null) {
            chosen = auth.get("DefaultAuthorizer");
        }
        String name = Values.string(chosen);
        if (chosen == null || "NONE".equals(name)) {
            return ApiAuth.other("no authorizer");
        }
        if (name == null) {
            return ApiAuth.other("authorizer chosen by a computed value: not assessed");
        }
        if (name.equals("AWS_IAM")) {
            return ApiAuth.other("IAM authorization");
        }
        Mapping def = Values.mapping(Values.mapping(auth.get("Authorizers")).get(name));
        if (def.containsKey("FunctionArn")) {
            Mapping identity = Values.mapping(def.get("Identity"));
            Object ttl = identity.get("ReauthorizeEvery");
            String setting = ttl == null ? "ReauthorizeEvery not set (" + (flavour.equals("REST")
                    ? "SAM's default caches for 300 s)" : "API Gateway's default applies)")
                    : "ReauthorizeEvery: " + (ttl instanceof String s ? s : "a computed value");
            List<String> sources = new ArrayList<>();
            for (String kind : List.of("Headers", "QueryStrings", "Context", "StageVariables")) {
                Values.list(identity.get(kind)).forEach(v -> sources.add(kind + "." + v));
            }
            String fn = function(def.get("FunctionArn"));
            int line = Values.line(def, auth.line());
            return ApiAuth.lambda(new Authorizer(name, apiId == null ? "(implicit " + flavour + " API)" : apiId, fn,
                    isWritAuthorizer(fn), ttl(ttl), setting, sources, line));
        }
        if (def.containsKey("UserPoolArn")) {
            return ApiAuth.other("Cognito authorizer " + name);
        }
        if (def.containsKey("JwtConfiguration")) {
            return ApiAuth.other("JWT authorizer " + name);
        }
        return ApiAuth.other("authorizer " + name + " is not declared in the API's Auth: not assessed");
    }

    /** A plain API Gateway authorizer resource (REST {@code AWS::ApiGateway::Authorizer} or HTTP {@code AWS::ApiGatewayV2::Authorizer}). */
    ApiAuth resource(String authorizationType, Object authorizerId) {
        if (authorizationType == null || authorizationType.equals("NONE")) {
            return ApiAuth.other("no authorizer");
        }
        if (authorizationType.equals("AWS_IAM")) {
            return ApiAuth.other("IAM authorization");
        }
        if (!authorizationType.equals("CUSTOM")) {
            return ApiAuth.other(authorizationType + " authorization");
        }
        Optional<Resource> r = refs.resource(authorizerId, Set.of("AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer"));
        if (r.isEmpty()) {
            return ApiAuth.other("a custom authorizer outside this template: not assessed");
        }
        Resource a = r.get();
        String fn = function(a.property("AuthorizerUri"));
        Object ttl = a.property("AuthorizerResultTtlInSeconds");
        boolean rest = a.type().equals("AWS::ApiGateway::Authorizer");
        String setting = ttl == null ? "AuthorizerResultTtlInSeconds not set" + (rest ? " (API Gateway's default caches for 300 s)" : "")
                : "AuthorizerResultTtlInSeconds: " + (ttl instanceof String s ? s : "a computed value");
        String api = refs.resource(a.property(rest ? "RestApiId" : "ApiId")).map(Resource::logicalId).orElse(null);
        return ApiAuth.lambda(new Authorizer(a.logicalId(), api, fn, isWritAuthorizer(fn), ttl(ttl), setting,
                identitySources(a.property("IdentitySource")), a.line()));
    }

    /** The function an authorizer invokes; none when a condition chooses it. */
    String function(Object arn) {
        return Values.conditional(arn) ? null : refs.function(arn).orElse(null);
    }

    /** The literal TTL, or null when absent or computed. */
    static Long ttl(Object value) {
        return value == null ? null : Values.number(value).stream().boxed().findFirst().orElse(null);
    }

    /** Identity sources as API Gateway takes them: a comma-separated string (REST) or a list (HTTP). */
    static List<String> identitySources(Object value) {
        List<String> sources = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                sources.add(part.strip());
            }
        } else {
            Values.list(value).forEach(v -> sources.add(SamEvents.text(v)));
        }
        return sources;
    }

    /** SAM's Globals merged under a resource's properties (the resource wins; Auth maps merge one level). */
    static Mapping merged(Mapping globals, Mapping own) {
        Mapping m = new Mapping(own.line());
        globals.forEach((k, v) -> m.put(k, v, globals.lineOf(k)));
        own.forEach((k, v) -> {
            if (v instanceof Mapping o && m.get(k) instanceof Mapping g) {
                Mapping both = new Mapping(o.line());
                g.forEach((gk, gv) -> both.put(gk, gv, g.lineOf(gk)));
                o.forEach((ok, ov) -> both.put(ok, ov, o.lineOf(ok)));
                m.put(k, both, own.lineOf(k));
            } else {
                m.put(k, v, own.lineOf(k));
            }
        });
        return m;
    }
}
