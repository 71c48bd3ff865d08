package dev.writ.cli.assess;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Event sources declared as resources of their own, as plain CloudFormation (and SAM's transform)
 * writes them: event source mappings, permissions, function URLs, rules, schedules, subscriptions,
 * bucket notifications, API Gateway methods and routes, custom resources.
 */
final class CfnSources {
    /** Resource types this class reads (they are assessed, not listed as unknown). */
    static final Set<String> TYPES = Set.of("AWS::Lambda::EventSourceMapping", "AWS::Lambda::Permission", "AWS::Lambda::Url",
            "AWS::Events::Rule", "AWS::Scheduler::Schedule", "AWS::SNS::Subscription", "AWS::SNS::Topic", "AWS::S3::Bucket",
            "AWS::ApiGateway::Method", "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration",
            "AWS::ApiGatewayV2::Authorizer", "AWS::CloudFormation::CustomResource");

    private final Refs refs;
    private final Authorizers authorizers;

    CfnSources(Refs refs, Authorizers authorizers) {
        this.refs = refs;
        this.authorizers = authorizers;
    }

    /** Adds each source to {@code add(functionId, source)}; permissions come last (see {@link #permission}). */
    void read(BiConsumer<String, EventSource> add, Map<String, List<EventSource>> found) {
        for (Resource r : refs.template().resources()) {
            String type = r.type().startsWith("Custom::") ? "AWS::CloudFormation::CustomResource" : r.type();
            switch (type) {
                case "AWS::Lambda::EventSourceMapping" -> mapping(r, add);
                case "AWS::Lambda::Url" -> target(r.property("TargetFunctionArn"), add, new EventSource("function-url",
                        r.logicalId() + ": function URL (AuthType " + SamEvents.text(r.property("AuthType")) + ")", Carriage.NO, null, r.logicalId(), r.line()));
                case "AWS::Events::Rule" -> Values.list(r.property("Targets")).forEach(t -> target(Values.mapping(t).get("Arn"), add,
                        r.properties().containsKey("ScheduleExpression")
                                ? new EventSource("schedule", r.logicalId() + ": schedule " + SamEvents.text(r.property("ScheduleExpression")), Carriage.NO, null, r.logicalId(), r.line())
                                : new EventSource("eventbridge", r.logicalId() + ": EventBridge rule", Carriage.NEEDS_EXCHANGE, null, r.logicalId(), r.line())));
                case "AWS::Scheduler::Schedule" -> target(Values.mapping(r.property("Target")).get("Arn"), add,
                        new EventSource("schedule", r.logicalId() + ": EventBridge Scheduler schedule", Carriage.NO, null, r.logicalId(), r.line()));
                case "AWS::SNS::Subscription" -> {
                    if ("lambda".equals(Values.string(r.property("Protocol")))) {
                        String topic = refs.resource(r.property("TopicArn")).map(Resource::logicalId).orElse(null);
                        target(r.property("Endpoint"), add, new EventSource("sns", r.logicalId() + ": SNS topic " + (topic == null ? "(outside the template)" : topic),
                                Carriage.NEEDS_EXCHANGE, null, topic, r.line()));
                    }
                }
                case "AWS::SNS::Topic" -> Values.list(r.property("Subscription")).forEach(s -> {
                    if ("lambda".equals(Values.string(Values.mapping(s).get("Protocol")))) {
                        target(Values.mapping(s).get("Endpoint"), add, new EventSource("sns", r.logicalId() + ": SNS topic subscription",
                                Carriage.NEEDS_EXCHANGE, null, r.logicalId(), Values.line(s, r.line())));
                    }
                });
                case "AWS::S3::Bucket" -> Values.list(Values.mapping(r.property("NotificationConfiguration")).get("LambdaConfigurations"))
                        .forEach(c -> target(Values.mapping(c).get("Function"), add, new EventSource("s3", r.logicalId() + ": S3 bucket notification ("
                                + SamEvents.text(Values.mapping(c).get("Event")) + ")", Carriage.NO, null, r.logicalId(), Values.line(c, r.line()))));
                case "AWS::ApiGateway::Method" -> restMethod(r, add);
                case "AWS::ApiGatewayV2::Route" -> httpRoute(r, add);
                case "AWS::CloudFormation::CustomResource" -> target(r.property("ServiceToken"), add, new EventSource("cloudformation",
                        r.logicalId() + ": CloudFormation custom resource", Carriage.NO, null, r.logicalId(), r.line()));
                default -> {
                }
            }
        }
        for (Resource r : refs.template().resources()) {
            if (r.type().equals("AWS::Lambda::Permission")) {
                permission(r, add, found);
            }
        }
    }

    private void target(Object value, BiConsumer<String, EventSource> add, EventSource source) {
        refs.function(value).ifPresent(f -> add.accept(f, source));
    }

    private void mapping(Resource r, BiConsumer<String, EventSource> add) {
        Object arn = r.property("EventSourceArn");
        Optional<Resource> origin = refs.resource(arn);
        String service = origin.map(o -> switch (o.type()) {
            case "AWS::SQS::Queue" -> "sqs";
            case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> "dynamodb";
            case "AWS::Kinesis::Stream" -> "kinesis";
            default -> o.type();
        }).orElseGet(() -> arnService(Values.string(arn)));
        String label = r.logicalId() + ": event source mapping from ";
        String originId = origin.map(Resource::logicalId).orElse(null);
        String what = originId != null ? originId : SamEvents.text(arn);
        EventSource source = switch (service) {
            case "sqs" -> new EventSource("sqs", label + "SQS queue " + what, Carriage.NEEDS_EXCHANGE, null, originId, r.line());
            case "dynamodb" -> new EventSource("dynamodb-stream", label + "DynamoDB stream of " + what, Carriage.NO, null, originId, r.line());
            case "kinesis" -> new EventSource("kinesis", label + "Kinesis stream " + what, Carriage.NO, null, originId, r.line());
            default -> new EventSource("other", label + (r.properties().containsKey("SelfManagedEventSource") ? "a self-managed Kafka cluster" : what),
                    Carriage.NO, null, originId, r.line());
        };
        target(r.property("FunctionName"), add, source);
    }

    private static String arnService(String arn) {
        if (arn == null) {
            return "unknown";
        }
        String[] parts = arn.split(":");
        return parts.length > 2 && parts[0].equals("arn") ? parts[2] : "unknown";
    }

    private void restMethod(Resource r, BiConsumer<String, EventSource> add) {
        Mapping integration = Values.mapping(r.property("Integration"));
        ApiAuth auth = authorizers.resource(Values.string(r.property("AuthorizationType")), r.property("AuthorizerId"));
        String api = refs.resource(r.property("RestApiId")).map(Resource::logicalId).orElse(null);
        target(integration.get("Uri"), add, new EventSource("api-rest", r.logicalId() + ": REST API " + (api == null ? "(outside the template)" : api)
                + " " + SamEvents.text(r.property("HttpMethod")) + ", " + auth.description(), auth.carriage(), auth.authorizer(), api, r.line()));
    }

    private void httpRoute(Resource r, BiConsumer<String, EventSource> add) {
        Optional<Resource> integration = refs.resource(r.property("Target"), Set.of("AWS::ApiGatewayV2::Integration"));
        if (integration.isEmpty()) {
            return;
        }
        ApiAuth auth = authorizers.resource(Values.string(r.property("AuthorizationType")), r.property("AuthorizerId"));
        String api = refs.resource(r.property("ApiId")).map(Resource::logicalId).orElse(null);
        target(integration.get().property("IntegrationUri"), add, new EventSource("api-http", r.logicalId() + ": HTTP API "
                + (api == null ? "(outside the template)" : api) + " " + SamEvents.text(r.property("RouteKey")) + ", " + auth.description(),
                auth.carriage(), auth.authorizer(), api, r.line()));
    }

    /**
     * Who else may invoke the function. A permission that only enables a source found above (the
     * same rule, bucket or API) adds nothing; any other is a path of its own.
     */
    private void permission(Resource r, BiConsumer<String, EventSource> add, Map<String, List<EventSource>> found) {
        Optional<String> fn = refs.function(r.property("FunctionName"));
        if (fn.isEmpty()) {
            return;
        }
        String principal = Values.string(r.property("Principal"));
        String origin = refs.resource(r.property("SourceArn")).map(Resource::logicalId).orElse(null);
        List<EventSource> known = found.getOrDefault(fn.get(), List.of());
        if (origin != null && known.stream().anyMatch(s -> origin.equals(s.origin()))) {
            return;
        }
        String label = r.logicalId() + ": permission for " + (principal == null ? "a computed principal" : principal);
        boolean url = r.properties().containsKey("FunctionUrlAuthType")
                || "lambda:InvokeFunctionUrl".equals(Values.string(r.property("Action")));
        EventSource candidate;
        if (url) {
            candidate = new EventSource("function-url", label + " through the function URL", Carriage.NO, null, origin, r.line());
        } else if (principal == null || principal.equals("*")) {
            candidate = new EventSource("direct-invoke", label + ": anyone may invoke it", Carriage.NO, null, origin, r.line());
        } else if (principal.endsWith(".amazonaws.com")) {
            candidate = service(principal.substring(0, principal.indexOf('.')).toLowerCase(Locale.ROOT), label, origin, r.line(), known);
        } else {
            candidate = new EventSource("direct-invoke", label + " (direct invocation)", Carriage.NEEDS_EXCHANGE, null, origin, r.line());
        }
        EventSource source = candidate;
        // A service's permission without a SourceArn of this template (SAM writes S3's with SourceAccount
        // only) enables a source of the same kind found above.
        if (source != null && !(origin == null && principal != null && principal.endsWith(".amazonaws.com")
                && known.stream().anyMatch(s -> s.kind().equals(source.kind())))) {
            add.accept(fn.get(), source);
        }
    }

    private static EventSource service(String service, String label, String origin, int line, List<EventSource> known) {
        return switch (service) {
            case "apigateway" -> known.stream().anyMatch(s -> s.kind().startsWith("api-")) ? null
                    : new EventSource("api-rest", label + ": an API whose authorizer is not in this template", Carriage.NO, null, origin, line);
            case "sns" -> new EventSource("sns", label, Carriage.NEEDS_EXCHANGE, null, origin, line);
            case "events" -> new EventSource("eventbridge", label, Carriage.NEEDS_EXCHANGE, null, origin, line);
            case "s3" -> new EventSource("s3", label, Carriage.NO, null, origin, line);
            default -> new EventSource("other", label, Carriage.NO, null, origin, line);
        };
    }
}
