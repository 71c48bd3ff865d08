package dev.writ.cli.dev;

import java.util.Locale;

import dev.writ.core.json.Json;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code writ dev} refuses before routing anything. It listens on 127.0.0.1 only, but a web
 * page can still reach it there through DNS rebinding: the page's own host name is made to resolve
 * to 127.0.0.1, and its requests then carry that name in {@code Host}. So only loopback host names
 * are answered, on every path. And since the auditor API has no authorization here (IAM in AWS),
 * a page of another origin may not change anything through it either, e.g. start verifications
 * with a cross-site form post.
 */
final class LoopbackOnly {
    /** {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with an optional port. */
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d{1,5})?",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private LoopbackOnly() {
    }

    /**
     * The gateway's answer when the request must not be routed, else empty.
     *
     * @param target  the request target as sent (origin form, or absolute form naming a host)
     * @param headers the request's headers, every value of each
     */
    static Optional<Gateway.Response> refusal(String method, URI target, Map<String, List<String>> headers) {
        List<String> hosts = headers.getOrDefault("Host", List.of());
        if (hosts.size() != 1) {
            return Optional.of(refuse(400, "Bad Request", "BAD_HOST", hosts.isEmpty() ? "no Host header" : "more than one Host header"));
        }
        String host = hosts.get(0).strip();
        // An absolute-form target names the host itself (RFC 9112 §3.2.2); both must be loopback. An
        // origin-form target names none, though java.net.URI reads "//api/trust" as host "api".
        if (!isLoopback(host) || (target.getScheme() != null && target.getRawAuthority() != null
                && !isLoopback(target.getRawAuthority()))) {
            return Optional.of(refuse(421, "Misdirected Request", "HOST_NOT_LOOPBACK",
                    "writ dev answers only 127.0.0.1, localhost and [::1]"));
        }
        if (changesTheAuditorApi(method, target) && !ownOriginOrNone(headers.getOrDefault("Origin", List.of()), host)) {
            return Optional.of(refuse(403, "Forbidden", "CROSS_ORIGIN",
                    "the auditor API takes changes only from its own origin, http://" + host));
        }
        return Optional.empty();
    }

    private static boolean changesTheAuditorApi(String method, URI target) {
        return target.getRawPath() != null && AuditorApi.serves(target.getRawPath())
                && !SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    /** No {@code Origin} (not a browser: curl, scripts) or exactly this server's own, {@code http://} + its Host. */
    private static boolean ownOriginOrNone(List<String> origins, String host) {
        return origins.isEmpty() || (origins.size() == 1 && origins.get(0).strip().equalsIgnoreCase("http://" + host));
    }

    private static boolean isLoopback(String host) {
        var m = LOOPBACK_HOST.matcher(host);
        return m.matches() && (m.group(2) == null || Integer.parseInt(m.group(2).substring(1)) <= 65535);
    }

    private static Gateway.Response refuse(int status, String message, String code, String detail) {
        return new Gateway.Response(status, Json.write(Map.of("message", message, "code", code, "detail", detail)),
                "gateway", code, detail, List.of());
    }
}
