package dev.writ.core.json;

import com.apicatalog.jcs.JsonCanonicalizer;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), by titanium-jcs over the Jakarta JSON-P model: the
 * one canonical form Writ hashes (lineage records, a direct-invoke payload a writ binds). A
 * verifier in another language gets the same bytes from any RFC 8785 implementation.
 */
public final class CanonicalJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private CanonicalJson() {
    }

    /** The JSON-P provider, for readers of JSON that must then be canonicalised. */
    public static JsonProvider provider() {
        return JSON;
    }

    /** Canonical UTF-8 of a JSON-P value. */
    public static byte[] utf8(JsonValue value) {
        return JsonCanonicalizer.canonize(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical text of a JSON-P value. */
    public static String text(JsonValue value) {
        return JsonCanonicalizer.canonize(value);
    }

    /** Canonical text of a value as {@link Json} parses it (map, list, string, number, boolean or null). */
    public static String of(Object parsed) {
        if (parsed instanceof Map || parsed instanceof List) {
            JsonValue json = parsed instanceof Map
                    ? JSON.createObjectBuilder(stringKeys((Map<?, ?>) parsed)).build()
                    : JSON.createArrayBuilder((List<?>) parsed).build();
            return JsonCanonicalizer.canonize(json);
        }
        // A scalar: wrap it, canonicalise, unwrap, so numbers and strings follow RFC 8785 exactly.
        String wrapped = JsonCanonicalizer.canonize(JSON.createArrayBuilder(Arrays.asList(parsed)).build());
        return wrapped.substring(1, wrapped.length() - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
