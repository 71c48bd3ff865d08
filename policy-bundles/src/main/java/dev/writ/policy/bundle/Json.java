package dev.writ.policy.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;

/**
 * The one JSON reader and writer of this module. Reading is strict: a duplicate member anywhere is
 * an error, because two readers that pick different duplicates would see different bundles.
 */
public final class Json {
    private static final JSON STRICT = JSON.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    private Json() {
    }

    /** Parses one JSON value (maps, lists, strings, numbers, booleans, null). */
    public static Object parse(byte[] json) throws IOException {
        return STRICT.anyFrom(json);
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> parseObject(byte[] json) throws IOException {
        Object value = parse(json);
        if (!(value instanceof java.util.Map)) {
            throw new IOException("expected a JSON object");
        }
        return (java.util.Map<String, Object>) value;
    }

    /** Writes a value as compact JSON. */
    public static byte[] write(Object value) {
        try {
            return STRICT.asBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
