package dev.writ.guard.internal;

import java.util.Map;

/** HTTP header lookup as API Gateway events need it: names compare case-insensitively. */
public final class Headers {

    private Headers() {
    }

    /** The value of header {@code name} in {@code headers} (any case), or null when absent. */
    public static String get(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
