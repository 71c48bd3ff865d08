package dev.writ.guard.internal;


import dev.writ.guard.WritCarrier;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the writ and the request in a Lambda event, typed (aws-lambda-java-events) or as parsed
 * JSON (stream handlers, {@code Map} inputs). Where it looks, in order:
 * <ul>
 *   <li>API Gateway REST: authorizer context {@code writ}, then header {@code X-Writ};</li>
 *   <li>API Gateway HTTP API: {@code authorizer.lambda.writ}, then header {@code x-writ};</li>
 *   <li>SQS and SNS: message attribute {@code writ} of every record (bound input {@code body}: the
 *       record's body or message; {@code src}: an SQS record's {@code eventSourceARN}, which Lambda's
 *       poller sets, not the sender);</li>
 *   <li>EventBridge: member {@code _writ} of the event's {@code detail} ({@code body}: the detail
 *       without it);</li>
 *   <li>direct invoke: a top-level {@code writ} member of the payload; a top-level {@code _writ}
 *       is a Step Functions input ({@code body}: the input without it);</li>
 *   <li>then, for any event that carried none, the client context's custom {@code writ}.</li>
 * </ul>
 * The authorizer context wins over a header because API Gateway set it, not the caller.
 */
public final class EventInspector {

    /** Name of the header, message attribute, envelope member and client-context key. */
    public static final String WRIT = "writ";
    /** Name of the member that carries a writ inside a JSON object a hop sends (EventBridge detail, Step Functions input). */
    public static final String WRIT_MEMBER = "_writ";
    /** Name of the HTTP header that may carry a writ. */
    public static final String HEADER = "X-Writ";

    private EventInspector() {
    }

    /** Inspects a typed or map-shaped event. */
    public static Invocation inspect(Object event, Context context) {
        Invocation found;
        if (event instanceof APIGatewayProxyRequestEvent) {
            found = rest((APIGatewayProxyRequestEvent) event);
        } else if (event instanceof APIGatewayV2HTTPEvent) {
            found = http((APIGatewayV2HTTPEvent) event);
        } else if (event instanceof SQSEvent) {
            found = sqs((SQSEvent) event);
        } else if (event instanceof SNSEvent) {
            found = sns((SNSEvent) event);
        } else if (event instanceof ScheduledEvent) {
            found = eventBridge(((ScheduledEvent) event).getDetail());
        } else if (event instanceof Map) {
            found = MapEvents.inspect(asMap(event));
        } else if (event instanceof WritCarrier) {
            found = direct(((WritCarrier) event).writ());
        } else {
            found = direct(null);
        }
        return withRequestIdAndClientContext(found, context);
    }

    /** One SQS record as the guard reads it: its writ attribute, bound to its body. */
    public static Invocation sqsRecord(SQSEvent.SQSMessage message, Context context) {
        SQSEvent.MessageAttribute a = message.getMessageAttributes() == null ? null
                : message.getMessageAttributes().get(WRIT);
        Invocation.Presented presented = new Invocation.Presented(a == null ? null : a.getStringValue(),
                message(message::getBody, message.getEventSourceArn()));
        return new Invocation(EventKind.SQS, List.of(presented), null,
                message.getMessageId() != null ? message.getMessageId() : context == null ? null : context.getAwsRequestId());
    }

    static Invocation withRequestIdAndClientContext(Invocation found, Context context) {
        List<Invocation.Presented> presented = found.presented();
        if (!found.kind().isHttp() && presented.stream().allMatch(p -> p.writ() == null) && context != null) {
            String fromClientContext = clientContextWrit(context.getClientContext());
            if (fromClientContext != null) {
                presented = presented.stream().map(p -> new Invocation.Presented(fromClientContext, p.inputs())).toList();
            }
        }
        String requestId = found.requestId() != null ? found.requestId()
                : context == null ? null : context.getAwsRequestId();
        return new Invocation(found.kind(), presented, found.request(), requestId);
    }

    /**
     * What a direct invoke's {@code payload} input binds, as RFC 8785 canonical JSON: the envelope's
     * {@code payload}; or, for an event without an envelope (its writ came in the client context),
     * the whole event, which is what the handler receives. An envelope without a {@code payload}
     * member binds none (its other members sit beside the writ itself).
     */
    public static Optional<String> boundPayload(Map<String, Object> event) {
        if (event.containsKey(MapEvents.PAYLOAD)) {
            return Optional.of(BoundInputs.canonicalJson(event.get(MapEvents.PAYLOAD)));
        }
        if (!event.containsKey(WRIT)) {
            return Optional.of(BoundInputs.canonicalJson(event));
        }
        return Optional.empty();
    }

    /** What {@code body} binds for a JSON object carrying member {@value #WRIT_MEMBER}: the object without it, as JCS. */
    public static String memberBody(Map<String, ?> object) {
        Map<String, Object> rest = new LinkedHashMap<>(object);
        rest.remove(WRIT_MEMBER);
        return BoundInputs.canonicalJson(rest);
    }

    /** The inputs of a message whose body {@code body} gives (none when it has no body), computed only when a writ binds it. */
    static RequestInputs body(Supplier<String> body) {
        return message(body, null);
    }

    /**
     * The inputs of a message: its body, computed only when a writ binds it, and the ARN of the queue
     * that delivered it ({@code sourceArn}, null when the event names none).
     */
    static RequestInputs message(Supplier<String> body, String sourceArn) {
        return key -> {
            String value = key.equals(BoundInputs.BODY) ? body.get() : key.equals(BoundInputs.SOURCE_ARN) ? sourceArn : null;
            return value == null ? List.of() : List.of(value);
        };
    }

    /** An EventBridge event's detail: its {@value #WRIT_MEMBER} and the rest, which the writ binds. */
    static Invocation eventBridge(Map<String, ?> detail) {
        if (detail == null) {
            return new Invocation(EventKind.EVENTBRIDGE, List.of(new Invocation.Presented(null, RequestInputs.NONE)), null, null);
        }
        Object writ = detail.get(WRIT_MEMBER);
        Invocation.Presented presented = new Invocation.Presented(writ instanceof String ? (String) writ : null,
                body(() -> memberBody(detail)));
        return new Invocation(EventKind.EVENTBRIDGE, List.of(presented), null, null);
    }

    private static String clientContextWrit(ClientContext clientContext) {
        if (clientContext == null || clientContext.getCustom() == null) {
            return null;
        }
        return clientContext.getCustom().get(WRIT);
    }

    private static Invocation rest(APIGatewayProxyRequestEvent e) {
        APIGatewayProxyRequestEvent.ProxyRequestContext rc = e.getRequestContext();
        String writ = rc == null ? null : stringValue(rc.getAuthorizer(), WRIT);
        if (writ == null) {
            writ = Headers.get(e.getHeaders(), HEADER);
        }
        RequestBinding request = new RequestBinding(nonNull(e.getHttpMethod()), nonNull(e.getPath()),
                rc == null ? null : rc.getApiId(), rc == null ? null : rc.getStage(),
                QueryHash.ofMultiValue(e.getMultiValueQueryStringParameters()));
        HttpInputs inputs = new HttpInputs(e.getHeaders(), e.getMultiValueHeaders(), e.getQueryStringParameters(),
                e.getMultiValueQueryStringParameters(),
                rc == null || rc.getIdentity() == null ? null : rc.getIdentity().getSourceIp());
        return new Invocation(EventKind.API_GATEWAY_REST, List.of(new Invocation.Presented(writ, inputs)), request,
                rc == null ? null : rc.getRequestId());
    }

    private static Invocation http(APIGatewayV2HTTPEvent e) {
        APIGatewayV2HTTPEvent.RequestContext rc = e.getRequestContext();
        String writ = null;
        if (rc != null && rc.getAuthorizer() != null) {
            writ = stringValue(rc.getAuthorizer().getLambda(), WRIT);
        }
        if (writ == null) {
            writ = Headers.get(e.getHeaders(), HEADER);
        }
        String method = rc == null || rc.getHttp() == null ? "" : nonNull(rc.getHttp().getMethod());
        RequestBinding request = new RequestBinding(method, nonNull(e.getRawPath()),
                rc == null ? null : rc.getApiId(), rc == null ? null : rc.getStage(),
                QueryHash.ofRawQuery(e.getRawQueryString()));
        HttpInputs inputs = new HttpInputs(e.getHeaders(), null, e.getQueryStringParameters(), null,
                rc == null || rc.getHttp() == null ? null : rc.getHttp().getSourceIp());
        return new Invocation(EventKind.API_GATEWAY_HTTP, List.of(new Invocation.Presented(writ, inputs)), request,
                rc == null ? null : rc.getRequestId());
    }

    private static Invocation sqs(SQSEvent e) {
        List<Invocation.Presented> presented = new ArrayList<>();
        for (SQSEvent.SQSMessage m : e.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : e.getRecords()) {
            presented.addAll(sqsRecord(m, null).presented());
        }
        return new Invocation(EventKind.SQS, atLeastOne(presented), null, null);
    }

    private static Invocation sns(SNSEvent e) {
        List<Invocation.Presented> presented = new ArrayList<>();
        for (SNSEvent.SNSRecord r : e.getRecords() == null ? List.<SNSEvent.SNSRecord>of() : e.getRecords()) {
            SNSEvent.SNS sns = r.getSNS();
            SNSEvent.MessageAttribute a = sns == null || sns.getMessageAttributes() == null ? null
                    : sns.getMessageAttributes().get(WRIT);
            presented.add(new Invocation.Presented(a == null ? null : a.getValue(), body(() -> sns == null ? null : sns.getMessage())));
        }
        return new Invocation(EventKind.SNS, atLeastOne(presented), null, null);
    }

    static Invocation direct(String writ) {
        return direct(writ, RequestInputs.NONE);
    }

    static Invocation direct(String writ, RequestInputs inputs) {
        return new Invocation(EventKind.DIRECT, List.of(new Invocation.Presented(writ, inputs)), null, null);
    }

    /** An empty batch still needs one (missing) writ so that it is denied, not waved through. */
    static List<Invocation.Presented> atLeastOne(List<Invocation.Presented> presented) {
        return presented.isEmpty() ? List.of(new Invocation.Presented(null, RequestInputs.NONE)) : presented;
    }

    static String stringValue(Map<String, ?> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value instanceof String ? (String) value : null;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }
}
