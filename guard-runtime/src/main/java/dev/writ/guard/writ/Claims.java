package dev.writ.guard.writ;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of a parsed JSON object, each failing with a message that names the member. */
final class Claims {
    private final Map<String, Object> json;
    private final String where;

    Claims(Map<String, Object> json, String where) {
        this.json = json;
        this.where = where;
    }

    /**
     * The value of a member, or null when the member is absent. A member present with the JSON
     * value {@code null} is malformed: a null must never pass for an absent member (a header
     * {@code "dlg": null} listed in {@code crit} would otherwise be a critical extension nobody checks).
     */
    private Object present(String name) {
        Object value = json.get(name);
        if (value == null && json.containsKey(name)) {
            throw new MalformedWritException(where + "claim " + name + " must not be null");
        }
        return value;
    }

    /** The member names present. */
    java.util.Set<String> names() {
        return json.keySet();
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw new MalformedWritException(where + "missing claim " + name);
        }
        return value;
    }

    String optionalString(String name) {
        Object value = present(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new MalformedWritException(where + "claim " + name + " must be a non-empty string");
        }
        return (String) value;
    }

    long requiredInteger(String name) {
        Long value = optionalInteger(name);
        if (value == null) {
            throw new MalformedWritException(where + "missing claim " + name);
        }
        return value;
    }

    Long optionalInteger(String name) {
        Object value = present(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw new MalformedWritException(where + "claim " + name + " must be a non-negative integer");
        }
        return ((Number) value).longValue();
    }

    boolean optionalBoolean(String name) {
        Object value = present(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean)) {
            throw new MalformedWritException(where + "claim " + name + " must be a boolean");
        }
        return (Boolean) value;
    }

    /** A string or an array of non-empty strings (as JWT allows for {@code aud}). */
    List<String> stringOrArray(String name, boolean required) {
        Object value = present(name);
        if (value == null) {
            if (required) {
                throw new MalformedWritException(where + "missing claim " + name);
            }
            return List.of();
        }
        if (value instanceof String && !((String) value).isEmpty()) {
            return List.of((String) value);
        }
        if (value instanceof List) {
            List<String> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                if (!(item instanceof String) || ((String) item).isEmpty()) {
                    throw new MalformedWritException(where + "claim " + name + " must hold non-empty strings");
                }
                out.add((String) item);
            }
            if (required && out.isEmpty()) {
                throw new MalformedWritException(where + "claim " + name + " must not be empty");
            }
            return List.copyOf(out);
        }
        throw new MalformedWritException(where + "claim " + name + " must be a string or an array of strings");
    }

    Claims object(String name) {
        Object value = present(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new MalformedWritException(where + "claim " + name + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) value;
        return new Claims(nested, where + name + ".");
    }
}
