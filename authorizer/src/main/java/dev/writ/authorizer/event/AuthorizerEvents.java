package dev.writ.authorizer.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import dev.writ.guard.internal.Headers;
import dev.writ.guard.internal.HttpInputs;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link AuthzInput} from the three authorizer events. The request binding is computed from
 * the same fields the guard reads from the backend's event (see guard-runtime's
 * {@code EventInspector}), so that a writ issued here matches there:
 * Methods are taken as they come (HTTP methods are case-sensitive, and the guard compares them
 * exactly), and the route inputs are read through guard-runtime's {@code HttpInputs}, as the guard
 * reads them when it checks the writ's bound inputs:
 * <ul>
 *   <li>REST REQUEST: {@code httpMethod}, {@code path}, {@code requestContext.apiId/stage}, and the
 *       query parameters;</li>
 *   <li>REST TOKEN: method, stage, API id and path parsed from {@code methodArn}; no query hash
 *       (a TOKEN authorizer cannot see the query, so the guard checks none);</li>
 *   <li>HTTP API: {@code requestContext.http.method}, {@code rawPath}, API id, stage,
 *       {@code rawQueryString}.</li>
 * </ul>
 */
public final class AuthorizerEvents {

    private final int maxHeaderBytes;

    /** Refuses any header (and the token) over {@code maxHeaderBytes} UTF-8 bytes. */
    public AuthorizerEvents(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** A REST API event, TOKEN or REQUEST (by its {@code type}). */
    public AuthzInput rest(APIGatewayCustomAuthorizerEvent e) {
        if ("TOKEN".equalsIgnoreCase(e.getType())) {
            return token(e);
        }
        APIGatewayCustomAuthorizerEvent.RequestContext rc = e.getRequestContext();
        Map<String, String> headers = e.getHeaders();
        Map<String, String> query = e.getQueryStringParameters();
        // The typed event has only the single-valued parameters; a repeated parameter therefore
        // hashes differently from the guard's multi-value view and the guard denies (fail closed).
        Map<String, List<String>> multi = null;
        if (query != null) {
            multi = new HashMap<>();
            for (Map.Entry<String, String> q : query.entrySet()) {
                multi.put(q.getKey(), List.of(q.getValue() == null ? "" : q.getValue()));
            }
        }
        RequestBinding binding = new RequestBinding(nonNull(e.getHttpMethod()), nonNull(e.getPath()),
                rc == null ? null : rc.getApiId(), rc == null ? null : rc.getStage(), QueryHash.ofMultiValue(multi));
        String sourceIp = rc == null || rc.getIdentity() == null ? null : rc.getIdentity().getSourceIp();
        String token = bearer(Headers.get(headers, "Authorization"));
        return new AuthzInput(AuthzInput.Kind.REST_REQUEST, token, binding, null, e.getPathParameters(),
                new HttpInputs(headers, null, query, multi, sourceIp), sourceIp, e.getMethodArn(),
                oversize(headers, token));
    }

    /** An HTTP API (payload 1.0 or 2.0) REQUEST event. */
    public AuthzInput http(APIGatewayV2CustomAuthorizerEvent e) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext rc = e.getRequestContext();
        String method = rc == null || rc.getHttp() == null ? "" : nonNull(rc.getHttp().getMethod());
        RequestBinding binding = new RequestBinding(method, nonNull(e.getRawPath()),
                rc == null ? null : rc.getApiId(), rc == null ? null : rc.getStage(),
                QueryHash.ofRawQuery(e.getRawQueryString()));
        String sourceIp = rc == null || rc.getHttp() == null ? null : rc.getHttp().getSourceIp();
        String token = bearer(Headers.get(e.getHeaders(), "Authorization"));
        return new AuthzInput(AuthzInput.Kind.HTTP_REQUEST, token, binding, e.getRouteKey(), e.getPathParameters(),
                new HttpInputs(e.getHeaders(), null, e.getQueryStringParameters(), null, sourceIp), sourceIp,
                e.getRouteArn(), oversize(e.getHeaders(), token));
    }

    private AuthzInput token(APIGatewayCustomAuthorizerEvent e) {
        String token = bearer(e.getAuthorizationToken());
        Optional<AuthzInput.Problem> problem = oversize(Map.of(), token);
        Optional<MethodArn> arn = MethodArn.parse(e.getMethodArn());
        RequestBinding binding = arn.map(a -> new RequestBinding(a.method(), a.path(), a.apiId(), a.stage(), null))
                .orElse(new RequestBinding("", "", null, null, null));
        if (arn.isEmpty() && problem.isEmpty()) {
            problem = Optional.of(new AuthzInput.Problem(AuthzInput.Problem.Code.MALFORMED_EVENT, "unreadable methodArn"));
        }
        return new AuthzInput(AuthzInput.Kind.REST_TOKEN, token, binding, null, Map.of(), RequestInputs.NONE, null,
                e.getMethodArn(), problem);
    }

    private Optional<AuthzInput.Problem> oversize(Map<String, String> headers, String token) {
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getValue() != null && longerThan(h.getValue(), maxHeaderBytes)) {
                    return Optional.of(new AuthzInput.Problem(AuthzInput.Problem.Code.OVERSIZE_HEADER,
                            "header " + h.getKey() + " over " + maxHeaderBytes + " bytes"));
                }
            }
        }
        if (token != null && longerThan(token, maxHeaderBytes)) {
            return Optional.of(new AuthzInput.Problem(AuthzInput.Problem.Code.OVERSIZE_HEADER,
                    "token over " + maxHeaderBytes + " bytes"));
        }
        return Optional.empty();
    }

    private static boolean longerThan(String s, int maxBytes) {
        // UTF-8 needs at most 3 bytes per UTF-16 char, so most values are cleared without encoding them.
        return s.length() * 3L > maxBytes && s.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }

    /** The token of an {@code Authorization} value: after {@code Bearer } when present; null when blank. */
    public static String bearer(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.equalsIgnoreCase("Bearer")) {
            return null;
        }
        if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            v = v.substring(7).strip();
        }
        return v.isEmpty() ? null : v;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
