package dev.writ.guard.internal;

import dev.writ.guard.writ.BoundInputs;
import dev.writ.guard.writ.RequestInputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs of an API Gateway request, as an authorizer event or a proxy event carries them:
 * headers (single- and multi-value maps, names in any case), query parameters (single- and
 * multi-value maps) and the source address. The authorizer and the guard read requests through
 * this one class, so a value the policy decided on is found the same way when the guard checks it.
 */
public final class HttpInputs implements RequestInputs {

    private final Map<String, String> headers;
    private final Map<String, List<String>> multiValueHeaders;
    private final Map<String, String> query;
    private final Map<String, List<String>> multiValueQuery;
    private final String sourceIp;

    /** Any map may be null (absent from the event). */
    public HttpInputs(Map<String, String> headers, Map<String, List<String>> multiValueHeaders,
                      Map<String, String> query, Map<String, List<String>> multiValueQuery, String sourceIp) {
        this.headers = headers;
        this.multiValueHeaders = multiValueHeaders;
        this.query = query;
        this.multiValueQuery = multiValueQuery;
        this.sourceIp = sourceIp;
    }

    @Override
    public List<String> values(String key) {
        Set<String> found = new LinkedHashSet<>();
        if (key.equals(BoundInputs.SOURCE_IP)) {
            if (sourceIp != null) {
                found.add(sourceIp);
            }
        } else if (key.startsWith("h:")) {
            String name = key.substring(2);
            collect(found, headers, multiValueHeaders, name, true);
        } else if (key.startsWith("q:")) {
            collect(found, query, multiValueQuery, key.substring(2), false);
        }
        return List.copyOf(found);
    }

    private static void collect(Set<String> found, Map<String, String> single, Map<String, List<String>> multi,
                                String name, boolean ignoreCase) {
        if (single != null) {
            single.forEach((k, v) -> {
                if (v != null && sameName(k, name, ignoreCase)) {
                    found.add(v);
                }
            });
        }
        if (multi != null) {
            multi.forEach((k, values) -> {
                if (values != null && sameName(k, name, ignoreCase)) {
                    for (String v : new ArrayList<>(values)) {
                        if (v != null) {
                            found.add(v);
                        }
                    }
                }
            });
        }
    }

    private static boolean sameName(String key, String name, boolean ignoreCase) {
        return key != null && (ignoreCase ? key.equalsIgnoreCase(name) : key.equals(name));
    }
}
