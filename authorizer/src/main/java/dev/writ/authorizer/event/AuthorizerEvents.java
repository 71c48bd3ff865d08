package dev.writ.authorizer.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import dev.writ.guard.internal.Headers;
import dev.writ.guard.internal.HttpInputs;
import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.RequestBinding;
import dev.writ.guard.writ.RequestInputs;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link AuthzInput} from the three authorizer events. The request binding is computed from
 * the same fields the guard reads from the backend's event (see guard-runtime's
 * {@code EventInspector}), so that a writ issued here matches there:
 * Methods are taken as they come (HTTP methods are case-sensitive, and the guard compares them
 * exactly), and the route inputs are read through guard-runtime's {@code HttpInputs}, as the guard
 * reads them when it checks the writ's bound inputs:
 * <ul>
 *   <li>REST REQUEST: {@code httpMethod}, {@code path}, {@code requestContext.apiId/stage}, and the
 *       query from {@code multiValueQueryStringParameters} ({@link RestAuthorizerEvent});</li>
 *   <li>REST TOKEN: method, stage, API id and path parsed from {@code methodArn}; no query hash
 *       (a TOKEN authorizer cannot see the query, so the guard checks none);</li>
 *   <li>HTTP API: {@code requestContext.http.method}, {@code rawPath}, API id, stage,
 *       {@code rawQueryString}.</li>
 * </ul>
 */
public final class AuthorizerEvents {

    private static final String AUTHORIZATION = BoundInputs.header("Authorization");

    private final int maxHeaderBytes;

    /** Refuses any header (and the token) over {@code maxHeaderBytes} UTF-8 bytes. */
    public AuthorizerEvents(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * A REST API event, TOKEN or REQUEST (by its {@code type}). A REQUEST event is read whole: every
     * value of a repeated header or query parameter counts, as the guard counts them, so an input
     * given twice with different values is refused, and the query is hashed from all its values. An
     * event without multi-value maps (one not from API Gateway) is read from its single values.
     */
    public AuthzInput rest(RestAuthorizerEvent e) {
        if ("TOKEN".equalsIgnoreCase(e.getType())) {
            return token(e);
        }
        APIGatewayCustomAuthorizerEvent.RequestContext rc = e.getRequestContext();
        Map<String, String> headers = e.getHeaders();
        Map<String, String> query = e.getQueryStringParameters();
        Map<String, List<String>> multiHeaders = e.getMultiValueHeaders();
        Map<String, List<String>> multiQuery = e.getMultiValueQueryStringParameters();
        RequestBinding binding = new RequestBinding(nonNull(e.getHttpMethod()), nonNull(e.getPath()),
                rc == null ? null : rc.getApiId(), rc == null ? null : rc.getStage(),
                QueryHash.ofMultiValue(multiQuery != null ? multiQuery : singleValued(query)));
        String sourceIp = rc == null || rc.getIdentity() == null ? null : rc.getIdentity().getSourceIp();
        HttpInputs inputs = new HttpInputs(headers, multiHeaders, query, multiQuery, sourceIp);
        Set<String> tokens = tokens(inputs.values(AUTHORIZATION));
        String token = only(tokens);
        Optional<AuthzInput.Problem> problem = oversize(headers, token).or(() -> oversize(multiHeaders))
                .or(() -> tokensDiffer(tokens));
        return new AuthzInput(AuthzInput.Kind.REST_REQUEST, token, binding, null, e.getPathParameters(), inputs,
                sourceIp, e.getMethodArn(), problem);
    }

    /** The single-valued parameters as the multi-value map they stand for; null when there are none. */
    private static Map<String, List<String>> singleValued(Map<String, String> query) {
        if (query == null) {
            return null;
        }
        Map<String, List<String>> multi = new HashMap<>();
        query.forEach((name, value) -> multi.put(name, List.of(value == null ? "" : value)));
        return multi;
    }

    /**
     * An HTTP API REQUEST event, payload 2.0. API Gateway joins the values of a repeated header or
     * query parameter with commas, in the authorizer's event as in the backend's, so the joined value
     * is what a policy decides on, the writ binds and the guard compares; the query hash is taken
     * from {@code rawQueryString}, which keeps every value. A payload 1.0 event has neither
     * {@code rawPath} nor {@code requestContext.http}: it matches no route.
     */
    public AuthzInput http(APIGatewayV2CustomAuthorizerEvent e) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext rc = e.getRequestContext();
        String method = rc == null || rc.getHttp() == null ? "" : nonNull(rc.getHttp().getMethod());
        RequestBinding binding = new RequestBinding(method, nonNull(e.getRawPath()),
                rc == null ? null : rc.getApiId(), rc == null ? null : rc.getStage(),
                QueryHash.ofRawQuery(e.getRawQueryString()));
        String sourceIp = rc == null || rc.getHttp() == null ? null : rc.getHttp().getSourceIp();
        Set<String> tokens = tokens(nonNullList(Headers.get(e.getHeaders(), "Authorization")));
        String token = only(tokens);
        return new AuthzInput(AuthzInput.Kind.HTTP_REQUEST, token, binding, e.getRouteKey(), e.getPathParameters(),
                new HttpInputs(e.getHeaders(), null, e.getQueryStringParameters(), null, sourceIp), sourceIp,
                e.getRouteArn(), oversize(e.getHeaders(), token).or(() -> tokensDiffer(tokens)));
    }

    private AuthzInput token(APIGatewayCustomAuthorizerEvent e) {
        Set<String> tokens = tokens(nonNullList(e.getAuthorizationToken()));
        String token = only(tokens);
        Optional<AuthzInput.Problem> problem = oversize(Map.of(), token).or(() -> tokensDiffer(tokens));
        Optional<MethodArn> arn = MethodArn.parse(e.getMethodArn());
        RequestBinding binding = arn.map(a -> new RequestBinding(a.method(), a.path(), a.apiId(), a.stage(), null))
                .orElse(new RequestBinding("", "", null, null, null));
        if (arn.isEmpty() && problem.isEmpty()) {
            problem = Optional.of(new AuthzInput.Problem(AuthzInput.Problem.Code.MALFORMED_EVENT, "unreadable methodArn"));
        }
        return new AuthzInput(AuthzInput.Kind.REST_TOKEN, token, binding, null, Map.of(), RequestInputs.NONE, null,
                e.getMethodArn(), problem);
    }

    /** The first value of a repeated header over the limit (the single-valued map holds only the last). */
    private Optional<AuthzInput.Problem> oversize(Map<String, List<String>> multiHeaders) {
        if (multiHeaders != null) {
            for (Map.Entry<String, List<String>> h : multiHeaders.entrySet()) {
                for (String value : h.getValue() == null ? List.<String>of() : h.getValue()) {
                    if (value != null && longerThan(value, maxHeaderBytes)) {
                        return Optional.of(oversizeHeader(h.getKey()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<AuthzInput.Problem> oversize(Map<String, String> headers, String token) {
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getValue() != null && longerThan(h.getValue(), maxHeaderBytes)) {
                    return Optional.of(oversizeHeader(h.getKey()));
                }
            }
        }
        if (token != null && longerThan(token, maxHeaderBytes)) {
            return Optional.of(new AuthzInput.Problem(AuthzInput.Problem.Code.OVERSIZE_HEADER,
                    "token over " + maxHeaderBytes + " bytes"));
        }
        return Optional.empty();
    }

    private AuthzInput.Problem oversizeHeader(String name) {
        return new AuthzInput.Problem(AuthzInput.Problem.Code.OVERSIZE_HEADER, "header " + name + " over " + maxHeaderBytes + " bytes");
    }

    private static boolean longerThan(String s, int maxBytes) {
        // UTF-8 needs at most 3 bytes per UTF-16 char, so most values are cleared without encoding them.
        return s.length() * 3L > maxBytes && s.getBytes(StandardCharsets.UTF_8).length > maxBytes;
    }

    /**
     * The bearer tokens of a request's {@code Authorization} values, each value split at commas: a
     * repeated header arrives as two values (REST's {@code multiValueHeaders}) or as one joined with
     * commas (HTTP API payload 2.0), and no bearer token holds a comma. A blank one counts as "".
     */
    private static Set<String> tokens(List<String> authorization) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String value : authorization) {
            for (String part : value.split(",", -1)) {
                String token = bearer(part);
                tokens.add(token == null ? "" : token);
            }
        }
        return tokens;
    }

    /** The one token when there is exactly one, else null (none, blank, or several: refused by {@link #tokensDiffer}). */
    private static String only(Set<String> tokens) {
        return tokens.size() == 1 && !tokens.iterator().next().isEmpty() ? tokens.iterator().next() : null;
    }

    /** Two different tokens are refused: deciding on one would be deciding on whichever the gateway kept. */
    private static Optional<AuthzInput.Problem> tokensDiffer(Set<String> tokens) {
        return tokens.size() < 2 ? Optional.empty() : Optional.of(new AuthzInput.Problem(AuthzInput.Problem.Code.TOKENS_DIFFER,
                "Authorization given with " + tokens.size() + " different tokens"));
    }

    private static List<String> nonNullList(String value) {
        return value == null ? List.of() : List.of(value);
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
