package dev.writ.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Strict JSON for Writ: duplicate member names are rejected (RFC 8725 §3.12 asks for it; a
 * duplicate {@code exp} or {@code aud} is a classic parser-differential attack), numbers stay
 * exact, and nothing but a single JSON object is accepted where an object is expected.
 *
 * <p>Numbers: an integer is the smallest of {@code Integer}, {@code Long}, {@code BigInteger}
 * that holds it; a number with a fraction or an exponent is a {@code Double} when its RFC 8785
 * canonical form stands for exactly the number written ({@code 0.1}, {@code 120.50}, {@code 1e2},
 * {@code -0.0}), and otherwise the {@code BigDecimal} written ({@code 120.000000000000001},
 * {@code 1e400}, {@code 1e-400}), so no reader takes it for the double it is nearest to.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JSON STRICT = JSON.std.with(FACTORY).with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    /** For {@link ReadOnlyJson}, which refuses duplicate names itself, with Jackson's message, for less than Jackson's detection allocates. */
    private static final JsonFactory READ_ONLY_FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** Parses one JSON object; throws {@link JsonException} on anything else, naming the problem. */
    public static Map<String, Object> parseObject(String text) {
        try (JsonParser parser = new ExactNumberParser(FACTORY.createParser(text))) {
            return readSingleObject(parser, STRICT::mapFrom);
        } catch (IOException | RuntimeException e) {
            throw new JsonException(describe(e));
        }
    }

    /** Parses one JSON object from a stream; see {@link #parseObject(String)}. */
    public static Map<String, Object> parseObject(InputStream in) {
        try (JsonParser parser = new ExactNumberParser(FACTORY.createParser(in))) {
            return readSingleObject(parser, STRICT::mapFrom);
        } catch (IOException | RuntimeException e) {
            throw new JsonException(describe(e));
        }
    }

    /** Parses one JSON object from UTF-8 bytes; see {@link #parseObject(String)}. */
    public static Map<String, Object> parseObject(byte[] utf8) {
        try (JsonParser parser = new ExactNumberParser(FACTORY.createParser(utf8))) {
            return readSingleObject(parser, STRICT::mapFrom);
        } catch (IOException | RuntimeException e) {
            throw new JsonException(describe(e));
        }
    }

    /**
     * Parses one JSON object from UTF-8 bytes as strictly as {@link #parseObject(byte[])} (the same
     * refusals, with the same messages), into a map that cannot be changed, nor can the objects and
     * arrays inside it: for the parts of a token, read by one check after another. Lighter than
     * {@link #parseObject(byte[])}'s maps; members keep their document order.
     */
    public static Map<String, Object> parseReadOnlyObject(byte[] utf8) {
        try (JsonParser parser = new ExactNumberParser(READ_ONLY_FACTORY.createParser(utf8))) {
            return readSingleObject(parser, ReadOnlyJson::object);
        } catch (IOException | RuntimeException e) {
            throw new JsonException(describe(e));
        }
    }

    /** True for a map {@link #parseReadOnlyObject} made: nothing in it can change, so it needs no copy. */
    public static boolean isReadOnly(Map<?, ?> map) {
        return ReadOnlyJson.isReadOnly(map);
    }

    /** Parses one JSON value of any kind (object, array, string, number, boolean, null), as strictly. */
    public static Object parse(String text) {
        try (JsonParser parser = new ExactNumberParser(FACTORY.createParser(text))) {
            if (parser.nextToken() == null) {
                throw new JsonException("no JSON value");
            }
            Object value = STRICT.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new JsonException("unexpected content after the JSON value");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new JsonException(describe(e));
        }
    }

    /** Reads an object from the parser's current {@code START_OBJECT} through its {@code END_OBJECT}. */
    private interface ObjectReader {
        Map<String, Object> read(JsonParser parser) throws IOException;
    }

    private static Map<String, Object> readSingleObject(JsonParser parser, ObjectReader reader) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new JsonException("expected a JSON object");
        }
        Map<String, Object> value = reader.read(parser);
        if (parser.nextToken() != null) {
            throw new JsonException("unexpected content after the JSON object");
        }
        return value;
    }

    /** Serializes maps, lists, strings, numbers and booleans as compact JSON. */
    public static String write(Object value) {
        try {
            return STRICT.asString(value);
        } catch (IOException e) {
            throw new JsonException("cannot serialize: " + e.getMessage());
        }
    }

    /** Serializes as compact UTF-8 JSON bytes. */
    public static byte[] writeBytes(Object value) {
        try {
            return STRICT.asBytes(value);
        } catch (IOException e) {
            throw new JsonException("cannot serialize: " + e.getMessage());
        }
    }

    private static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        // Jackson appends a source excerpt after a newline; keep the first line only so a hostile
        // input is not echoed back into logs or responses.
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
