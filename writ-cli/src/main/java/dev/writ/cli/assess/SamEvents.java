package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The event sources a SAM function declares itself: {@code Events} and {@code FunctionUrlConfig}. */
final class SamEvents {
    private final Refs refs;
    private final Authorizers authorizers;

    SamEvents(Refs refs, Authorizers authorizers) {
        this.refs = refs;
        this.authorizers = authorizers;
    }

    List<EventSource> of(Resource function) {
        List<EventSource> out = new ArrayList<>();
        Mapping events = Values.mapping(function.property("Events"));
        for (Map.Entry<String, Object> e : events.entrySet()) {
            Mapping event = Values.mapping(e.getValue());
            out.add(source(e.getKey(), Values.string(event.get("Type")), Values.mapping(event.get("Properties")), events.lineOf(e.getKey())));
        }
        Object url = function.property("FunctionUrlConfig");
        if (url != null) {
            out.add(new EventSource("function-url", "function URL (AuthType " + text(Values.mapping(url).get("AuthType")) + ")",
                    Carriage.NO, null, null, function.lineOf("FunctionUrlConfig")));
        }
        return out;
    }

    private EventSource source(String name, String type, Mapping p, int line) {
        String label = "event " + name + ": ";
        if (type == null) {
            return new EventSource("other", label + "no Type", Carriage.NO, null, null, line);
        }
        return switch (type) {
            case "Api" -> api("api-rest", label + "REST API", p, "RestApiId", authorizers.samRest(p, origin(p.get("RestApiId"))), line);
            case "HttpApi" -> api("api-http", label + "HTTP API", p, "ApiId", authorizers.samHttp(p, origin(p.get("ApiId"))), line);
            case "SQS" -> from("sqs", label + "SQS queue", p.get("Queue"), Carriage.NEEDS_EXCHANGE, line);
            case "SNS" -> from("sns", label + "SNS topic", p.get("Topic"), Carriage.NEEDS_EXCHANGE, line);
            case "EventBridgeRule", "CloudWatchEvent" -> from("eventbridge", label + "EventBridge rule", p.get("EventBusName"), Carriage.NEEDS_EXCHANGE, line);
            case "Schedule", "ScheduleV2" -> new EventSource("schedule", label + "schedule " + text(p.get("Schedule") != null
                    ? p.get("Schedule") : p.get("ScheduleExpression")), Carriage.NO, null, null, line);
            case "S3" -> from("s3", label + "S3 bucket", p.get("Bucket"), Carriage.NO, line);
            case "DynamoDB" -> from("dynamodb-stream", label + "DynamoDB stream of", p.get("Stream"), Carriage.NO, line);
            case "Kinesis" -> from("kinesis", label + "Kinesis stream", p.get("Stream"), Carriage.NO, line);
            default -> new EventSource("other", label + type + " event", Carriage.NO, null, null, line);
        };
    }

    private EventSource api(String kind, String label, Mapping p, String apiKey, ApiAuth auth, int line) {
        String api = origin(p.get(apiKey));
        String route = text(p.get("Method")).toUpperCase(java.util.Locale.ROOT) + " " + text(p.get("Path"));
        return new EventSource(kind, label + " " + (api == null ? "(implicit)" : api) + " " + route + ", " + auth.description(),
                auth.carriage(), auth.authorizer(), api, line);
    }

    private EventSource from(String kind, String label, Object origin, Carriage carriage, int line) {
        String id = origin(origin);
        return new EventSource(kind, label + " " + (id != null ? id : text(origin)), carriage, null, id, line);
    }

    private String origin(Object value) {
        return value == null ? null : refs.resource(value).map(Resource::logicalId).orElse(null);
    }

    static String text(Object value) {
        if (value == null) {
            return "(not set)";
        }
        if (value instanceof Fn f && f.name().equals(Fn.REF) && f.arg() instanceof String name) {
            return "Ref " + name;
        }
        return value instanceof String s ? s : "(computed)";
    }
}
