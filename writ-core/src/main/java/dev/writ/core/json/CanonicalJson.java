package dev.writ.core.json;

import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), by java-json-canonicalization (the Java port of the
 * RFC's reference implementation): the one canonical form Writ hashes (lineage records, a
 * direct-invoke payload a writ binds). Every number is the IEEE-754 double it parses to, printed as
 * ECMAScript prints it (§3.2.2.3), so a verifier in another language gets the same bytes from any
 * RFC 8785 implementation. A value with no canonical form (a number beyond the double range, NaN)
 * is refused with a {@link JsonException}.
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
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical text of a JSON-P value. */
    public static String text(JsonValue value) {
        if (value instanceof JsonStructure) {
            return canonical(value.toString());
        }
        // The library reads an object or an array: wrap a scalar, canonicalise, unwrap.
        String wrapped = canonical("[" + value + "]");
        return wrapped.substring(1, wrapped.length() - 1);
    }

    /** Canonical text of a value as {@link Json} parses it (map, list, string, number, boolean or null). */
    public static String of(Object parsed) {
        JsonValue json;
        try {
            json = parsed instanceof Map<?, ?> map ? JSON.createObjectBuilder(stringKeys(map)).build()
                    : JSON.createArrayBuilder(parsed instanceof List<?> list ? list : Arrays.asList(parsed)).build();
        } catch (NumberFormatException notFinite) {
            throw new JsonException("no RFC 8785 canonical form: a number that is not finite");
        }
        String text = text(json);
        return parsed instanceof Map || parsed instanceof List ? text : text.substring(1, text.length() - 1);
    }

    /**
     * True when the canonical form of {@code value} (of the double nearest it, RFC 8785 §3.2.2.3)
     * stands for exactly {@code value}: then a digest of the canonical JSON binds the number a reader
     * of the original text gets, exactly or as a double. {@code 0.1}, {@code 120.50}, {@code 1e2},
     * {@code 9007199254740994} and {@code 1152921504606847000} are; {@code 120.000000000000001},
     * {@code 9007199254740993}, {@code 1152921504606846976} (2^60, printed {@code 1152921504606847000}),
     * {@code 1e400} and {@code 1e-400} are not.
     */
    public static boolean isExact(BigDecimal value) {
        double nearest = value.doubleValue();
        if (!Double.isFinite(nearest)) {
            return false;
        }
        try {
            return new BigDecimal(NumberToJSON.serializeNumber(nearest)).compareTo(value) == 0;
        } catch (IOException notFinite) {
            return false;
        }
    }

    private static String canonical(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            // From JSON-P's own text only a number beyond the double range gets here ("NaN/Infinity are not permitted").
            throw new JsonException("no RFC 8785 canonical form: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
