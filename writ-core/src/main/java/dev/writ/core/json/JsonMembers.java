package dev.writ.core.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, strict reads of the members of a parsed JSON object (the claims of a token, a header),
 * each failing with a {@link JsonException} whose message names the member. A member present with
 * the value {@code null} is never read as absent.
 */
public final class JsonMembers {
    private final Map<String, Object> json;
    private final String where;

    /** Reads {@code json}; {@code where} prefixes every message ({@code "header "}, {@code "req."}). */
    public JsonMembers(Map<String, Object> json, String where) {
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
            throw new JsonException(where + "claim " + name + " must not be null");
        }
        return value;
    }

    /** The member names present. */
    public java.util.Set<String> names() {
        return json.keySet();
    }

    public String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw new JsonException(where + "missing claim " + name);
        }
        return value;
    }

    public String optionalString(String name) {
        Object value = present(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new JsonException(where + "claim " + name + " must be a non-empty string");
        }
        return (String) value;
    }

    public long requiredInteger(String name) {
        Long value = optionalInteger(name);
        if (value == null) {
            throw new JsonException(where + "missing claim " + name);
        }
        return value;
    }

    public Long optionalInteger(String name) {
        Object value = present(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw new JsonException(where + "claim " + name + " must be a non-negative integer");
        }
        return ((Number) value).longValue();
    }

    public boolean optionalBoolean(String name) {
        Object value = present(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean)) {
            throw new JsonException(where + "claim " + name + " must be a boolean");
        }
        return (Boolean) value;
    }

    /** A string or an array of non-empty strings (as JWT allows for {@code aud}). */
    public List<String> stringOrArray(String name, boolean required) {
        Object value = present(name);
        if (value == null) {
            if (required) {
                throw new JsonException(where + "missing claim " + name);
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
                    throw new JsonException(where + "claim " + name + " must hold non-empty strings");
                }
                out.add((String) item);
            }
            if (required && out.isEmpty()) {
                throw new JsonException(where + "claim " + name + " must not be empty");
            }
            return List.copyOf(out);
        }
        throw new JsonException(where + "claim " + name + " must be a string or an array of strings");
    }

    public JsonMembers object(String name) {
        Object value = present(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new JsonException(where + "claim " + name + " must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) value;
        return new JsonMembers(nested, where + name + ".");
    }
}
