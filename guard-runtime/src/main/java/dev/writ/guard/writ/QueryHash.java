package dev.writ.guard.writ;

import dev.writ.core.internal.Sha256;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The query-string part of a request binding: SHA-256 (base64url) of the canonical query, which
 * is every decoded (name, value) pair sorted by name then value, each RFC 3986-encoded, joined
 * as {@code name=value} with {@code &} (the canonical form of AWS SigV4). Parameter order and
 * encoding variants therefore do not matter; names, values and repetitions do.
 */
public final class QueryHash {

    /** The hash of no query at all, by far the commonest: computed once. */
    private static final String NONE = digest("");

    private QueryHash() {
    }

    /** Hash of API Gateway REST (v1) {@code multiValueQueryStringParameters}; null means none. */
    public static String ofMultiValue(Map<String, List<String>> parameters) {
        List<String[]> pairs = new ArrayList<>();
        if (parameters != null) {
            parameters.forEach((name, values) -> {
                if (values == null || values.isEmpty()) {
                    pairs.add(new String[] {name, ""});
                } else {
                    values.forEach(v -> pairs.add(new String[] {name, v == null ? "" : v}));
                }
            });
        }
        return hash(pairs);
    }

    /** Hash of an HTTP API (v2) {@code rawQueryString}; null or empty means none. */
    public static String ofRawQuery(String rawQuery) {
        List<String[]> pairs = new ArrayList<>();
        parameters(rawQuery).forEach((name, values) -> values.forEach(v -> pairs.add(new String[] {name, v})));
        return hash(pairs);
    }

    /** The decoded parameters of a raw query string ({@code a=1&b=2&a=3}), each name with its values in order. */
    public static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? "" : part.substring(eq + 1);
                parameters.computeIfAbsent(decode(name), n -> new ArrayList<>()).add(decode(value));
            }
        }
        return parameters;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape is kept literally: it still hashes deterministically, and the
            // authorizer and the guard read the same raw string.
            return s;
        }
    }

    private static String hash(List<String[]> pairs) {
        if (pairs.isEmpty()) {
            return NONE;
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder canonical = new StringBuilder();
        for (String[] pair : pairs) {
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(encode(pair[0])).append('=').append(encode(pair[1]));
        }
        return digest(canonical.toString());
    }

    /**
     * RFC 3986 encoding as SigV4 does it ({@link SdkHttpUtils#urlEncode}); a name or value made of
     * unreserved characters only, by far the commonest, is its own encoding and is not copied.
     */
    private static String encode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~')) {
                return SdkHttpUtils.urlEncode(s);
            }
        }
        return s;
    }

    private static String digest(String canonical) {
        byte[] digest = Sha256.digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
