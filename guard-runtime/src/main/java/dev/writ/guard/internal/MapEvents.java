package dev.writ.guard.internal;

import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the same places as {@link EventInspector} from an event given as parsed JSON. */
final class MapEvents {

    static final String PAYLOAD = "payload";

    private MapEvents() {
    }

    static Invocation inspect(Map<String, Object> event) {
        Map<String, Object> rc = EventInspector.asMap(event.get("requestContext"));
        if (rc != null && EventInspector.asMap(rc.get("http")) != null) {
            return http(event, rc);
        }
        if (rc != null && event.get("httpMethod") instanceof String) {
            return rest(event, rc);
        }
        if (event.get("Records") instanceof List) {
            return records((List<?>) event.get("Records"));
        }
        if (event.get("detail-type") instanceof String && event.containsKey("detail")) {
            return EventInspector.eventBridge(EventInspector.asMap(event.get("detail")));
        }
        if (event.get(EventInspector.WRIT_MEMBER) instanceof String stepFunctions) {
            return new Invocation(EventKind.STEP_FUNCTIONS, List.of(new Invocation.Presented(stepFunctions,
                    EventInspector.body(() -> EventInspector.memberBody(event)))), null, null);
        }
        // Canonicalised only when a writ binds the payload.
        RequestInputs inputs = key -> key.equals(BoundInputs.PAYLOAD)
                ? EventInspector.boundPayload(event).map(List::of).orElse(List.of()) : List.of();
        return EventInspector.direct(EventInspector.stringValue(event, EventInspector.WRIT), inputs);
    }

    private static Invocation rest(Map<String, Object> event, Map<String, Object> rc) {
        String writ = EventInspector.stringValue(EventInspector.asMap(rc.get("authorizer")), EventInspector.WRIT);
        if (writ == null) {
            writ = Headers.get(strings(event.get("headers")), EventInspector.HEADER);
        }
        Map<String, List<String>> multiQuery = multiValues(event.get("multiValueQueryStringParameters"));
        RequestBinding request = new RequestBinding(text(event.get("httpMethod")), text(event.get("path")),
                EventInspector.stringValue(rc, "apiId"), EventInspector.stringValue(rc, "stage"),
                QueryHash.ofMultiValue(multiQuery));
        HttpInputs inputs = new HttpInputs(strings(event.get("headers")), multiValues(event.get("multiValueHeaders")),
                strings(event.get("queryStringParameters")), multiQuery,
                EventInspector.stringValue(EventInspector.asMap(rc.get("identity")), "sourceIp"));
        return new Invocation(EventKind.API_GATEWAY_REST, List.of(new Invocation.Presented(writ, inputs)), request,
                EventInspector.stringValue(rc, "requestId"));
    }

    private static Invocation http(Map<String, Object> event, Map<String, Object> rc) {
        Map<String, Object> authorizer = EventInspector.asMap(rc.get("authorizer"));
        String writ = authorizer == null ? null
                : EventInspector.stringValue(EventInspector.asMap(authorizer.get("lambda")), EventInspector.WRIT);
        if (writ == null) {
            writ = Headers.get(strings(event.get("headers")), EventInspector.HEADER);
        }
        Map<String, Object> http = EventInspector.asMap(rc.get("http"));
        RequestBinding request = new RequestBinding(text(http.get("method")),
                text(event.get("rawPath")), EventInspector.stringValue(rc, "apiId"),
                EventInspector.stringValue(rc, "stage"),
                QueryHash.ofRawQuery(EventInspector.stringValue(event, "rawQueryString")));
        HttpInputs inputs = new HttpInputs(strings(event.get("headers")), null,
                strings(event.get("queryStringParameters")), null, EventInspector.stringValue(http, "sourceIp"));
        return new Invocation(EventKind.API_GATEWAY_HTTP, List.of(new Invocation.Presented(writ, inputs)), request,
                EventInspector.stringValue(rc, "requestId"));
    }

    private static Invocation records(List<?> records) {
        List<Invocation.Presented> presented = new ArrayList<>();
        EventKind kind = EventKind.SQS;
        for (Object o : records) {
            Map<String, Object> record = EventInspector.asMap(o);
            if (record == null) {
                presented.add(new Invocation.Presented(null, RequestInputs.NONE));
                continue;
            }
            Map<String, Object> sns = EventInspector.asMap(record.get("Sns"));
            if (sns != null) {
                kind = EventKind.SNS;
                presented.add(new Invocation.Presented(EventInspector.stringValue(attribute(sns.get("MessageAttributes")), "Value"),
                        EventInspector.body(() -> EventInspector.stringValue(sns, "Message"))));
            } else {
                presented.add(new Invocation.Presented(
                        EventInspector.stringValue(attribute(record.get("messageAttributes")), "stringValue"),
                        EventInspector.message(() -> EventInspector.stringValue(record, "body"),
                                EventInspector.stringValue(record, "eventSourceARN"))));
            }
        }
        return new Invocation(kind, EventInspector.atLeastOne(presented), null, null);
    }

    private static Map<String, Object> attribute(Object attributes) {
        Map<String, Object> map = EventInspector.asMap(attributes);
        return map == null ? null : EventInspector.asMap(map.get(EventInspector.WRIT));
    }

    private static String text(Object o) {
        return o instanceof String ? (String) o : "";
    }

    private static Map<String, String> strings(Object o) {
        Map<String, Object> map = EventInspector.asMap(o);
        if (map == null) {
            return null;
        }
        Map<String, String> out = new java.util.HashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof String) {
                out.put(k, (String) v);
            }
        });
        return out;
    }

    private static Map<String, List<String>> multiValues(Object o) {
        Map<String, Object> map = EventInspector.asMap(o);
        if (map == null) {
            return null;
        }
        Map<String, List<String>> out = new java.util.HashMap<>();
        map.forEach((k, v) -> {
            List<String> values = new ArrayList<>();
            if (v instanceof List) {
                for (Object item : (List<?>) v) {
                    values.add(item == null ? "" : String.valueOf(item));
                }
            }
            out.put(k, values);
        });
        return out;
    }
}
