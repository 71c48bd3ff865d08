package dev.writ.guard.internal;


import dev.writ.guard.WritCarrier;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Finds the writ and the request in a Lambda event, typed (aws-lambda-java-events) or as parsed
 * JSON (stream handlers, {@code Map} inputs). Where it looks, in order:
 * <ul>
 *   <li>API Gateway REST: authorizer context {@code writ}, then header {@code X-Writ};</li>
 *   <li>API Gateway HTTP API: {@code authorizer.lambda.writ}, then header {@code x-writ};</li>
 *   <li>SQS and SNS: message attribute {@code writ} of every record;</li>
 *   <li>direct invoke: a top-level {@code writ} member of the payload;</li>
 *   <li>then, for any event that carried none, the client context's custom {@code writ}.</li>
 * </ul>
 * The authorizer context wins over a header because API Gateway set it, not the caller.
 */
public final class EventInspector {

    /** Name of the header, message attribute, envelope member and client-context key. */
    public static final String WRIT = "writ";
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
        } else if (event instanceof Map) {
            found = MapEvents.inspect(asMap(event));
        } else if (event instanceof WritCarrier) {
            found = direct(((WritCarrier) event).writ());
        } else {
            found = direct(null);
        }
        return withRequestIdAndClientContext(found, context);
    }

    static Invocation withRequestIdAndClientContext(Invocation found, Context context) {
        List<String> writs = found.writs();
        if (!found.kind().isHttp() && writs.stream().allMatch(w -> w == null) && context != null) {
            String fromClientContext = clientContextWrit(context.getClientContext());
            if (fromClientContext != null) {
                writs = Collections.nCopies(Math.max(1, writs.size()), fromClientContext);
            }
        }
        String requestId = found.requestId() != null ? found.requestId()
                : context == null ? null : context.getAwsRequestId();
        return new Invocation(found.kind(), writs, found.request(), found.inputs(), requestId);
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
        return new Invocation(EventKind.API_GATEWAY_REST, Collections.singletonList(writ), request, inputs,
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
        return new Invocation(EventKind.API_GATEWAY_HTTP, Collections.singletonList(writ), request, inputs,
                rc == null ? null : rc.getRequestId());
    }

    private static Invocation sqs(SQSEvent e) {
        List<String> writs = new ArrayList<>();
        for (SQSEvent.SQSMessage m : e.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : e.getRecords()) {
            SQSEvent.MessageAttribute a = m.getMessageAttributes() == null ? null : m.getMessageAttributes().get(WRIT);
            writs.add(a == null ? null : a.getStringValue());
        }
        return new Invocation(EventKind.SQS, atLeastOne(writs), null, RequestInputs.NONE, null);
    }

    private static Invocation sns(SNSEvent e) {
        List<String> writs = new ArrayList<>();
        for (SNSEvent.SNSRecord r : e.getRecords() == null ? List.<SNSEvent.SNSRecord>of() : e.getRecords()) {
            SNSEvent.MessageAttribute a = r.getSNS() == null || r.getSNS().getMessageAttributes() == null ? null
                    : r.getSNS().getMessageAttributes().get(WRIT);
            writs.add(a == null ? null : a.getValue());
        }
        return new Invocation(EventKind.SNS, atLeastOne(writs), null, RequestInputs.NONE, null);
    }

    static Invocation direct(String writ) {
        return direct(writ, RequestInputs.NONE);
    }

    static Invocation direct(String writ, RequestInputs inputs) {
        return new Invocation(EventKind.DIRECT, Collections.singletonList(writ), null, inputs, null);
    }

    /** An empty batch still needs one (missing) writ so that it is denied, not waved through. */
    static List<String> atLeastOne(List<String> writs) {
        return writs.isEmpty() ? Collections.singletonList(null) : Collections.unmodifiableList(writs);
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
