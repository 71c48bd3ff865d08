package dev.writ.policy.eval;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Cedar context the authorizer supplies with a request: the route's inputs, {@code now},
 * {@code mfa}, {@code scopes}, and {@code sourceIp} when the event has one. The one place that
 * names it, for the authorizer and for policy-build's check that each route's request fits the
 * schema. {@link PolicyBundle#authorize} then gives
 * each action only what its schema declares.
 */
public final class AuthorizerContext {
    /** The decision's time, a Cedar {@code datetime} (UTC, whole seconds, like the writ's {@code iat}). */
    public static final String NOW = "now";
    /** Whether the token's {@code amr} shows multi-factor authentication (Bool). */
    public static final String MFA = "mfa";
    /** The token's OAuth scopes (Set of String). */
    public static final String SCOPES = "scopes";
    /** The caller's address, a Cedar {@code ipaddr}; REST TOKEN events carry none, so a schema declares it optional. */
    public static final String SOURCE_IP = "sourceIp";

    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private AuthorizerContext() {
    }

    /**
     * The context of one request. A {@code sourceIp} that is null or not shaped like an address is
     * left out (Cedar would refuse the whole request over it).
     */
    public static Map<String, Object> of(Map<String, Object> routeInputs, Instant now, boolean mfa,
            List<String> scopes, String sourceIp) {
        Map<String, Object> context = new HashMap<>(routeInputs);
        context.put(NOW, now);
        context.put(MFA, mfa);
        context.put(SCOPES, scopes);
        if (sourceIp != null && ADDRESS.matcher(sourceIp).matches()) {
            context.put(SOURCE_IP, Map.of("__extn", Map.of("fn", "ip", "arg", sourceIp)));
        }
        return context;
    }
}
