package dev.writ.guard.lineage.internal;

import dev.writ.core.json.CanonicalJson;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import jakarta.json.JsonException;
import jakarta.json.JsonConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.EnumMap;
import java.util.Map;

/** The JSON forms of a record: the canonical hash input, and the export line. */
public final class RecordJson {
    private static final JsonProvider JSON = JsonProvider.provider();
    // Duplicate members are refused: a second "reason" must not hide behind the hashed first one.
    private static final JsonReaderFactory READERS =
            JSON.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private RecordJson() {
    }

    /** RFC 8785 canonical UTF-8 of every field except prev and hash: the leaf hash input. */
    public static byte[] canonicalContent(LineageRecord r) {
        return canonical(content(r).build());
    }

    public static String toJsonLine(LineageRecord r) {
        JsonObject full = content(r).add(Field.PREV, r.prev()).add(Field.HASH, r.hash()).build();
        return CanonicalJson.text(full);
    }

    public static byte[] canonical(JsonValue value) {
        return CanonicalJson.utf8(value);
    }

    public static JsonProvider provider() {
        return JSON;
    }

    private static JsonObjectBuilder content(LineageRecord r) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add(Field.CHAIN, r.chain())
                .add(Field.SEQ, r.seq())
                .add(Field.TYPE, r.type().wire())
                .add(Field.TS, r.ts());
        r.text().forEach((f, v) -> b.add(f.wire, v));
        return b;
    }

    public static LineageRecord fromJsonLine(String line) {
        JsonObject o;
        try (var reader = READERS.createReader(new StringReader(line))) {
            o = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedRecordException("not a JSON object: " + e.getMessage());
        }
        try {
            return fromObject(o);
        } catch (MalformedRecordException e) {
            throw placed(e, o.get(Field.CHAIN), o.get(Field.SEQ));
        }
    }

    /** {@code e} placed at the chain and seq the object names, when both are readable. */
    private static MalformedRecordException placed(MalformedRecordException e, JsonValue chain, JsonValue seq) {
        if (chain instanceof JsonString c && !c.getString().isEmpty() && seq instanceof JsonNumber n && n.isIntegral()) {
            try {
                long s = n.longValueExact();
                return s < 0 ? e : e.at(c.getString(), s);
            } catch (ArithmeticException outOfRange) {
                return e;
            }
        }
        return e;
    }

    private static LineageRecord fromObject(JsonObject o) {
        Map<Field, String> text = new EnumMap<>(Field.class);
        for (String key : o.keySet()) {
            if (!isKnown(key)) {
                // An unknown member would not be hashed, so it could be added or changed unseen.
                throw new MalformedRecordException("unknown field " + key);
            }
        }
        for (Field f : Field.values()) {
            JsonValue v = o.get(f.wire);
            if (v != null) {
                text.put(f, string(v, f.wire));
            }
        }
        return RecordValues.build(string(o.get(Field.CHAIN), Field.CHAIN), number(o.get(Field.SEQ), Field.SEQ),
                string(o.get(Field.PREV), Field.PREV), string(o.get(Field.TYPE), Field.TYPE),
                number(o.get(Field.TS), Field.TS), text, string(o.get(Field.HASH), Field.HASH));
    }

    private static boolean isKnown(String key) {
        if (key.equals(Field.CHAIN) || key.equals(Field.SEQ) || key.equals(Field.PREV) || key.equals(Field.TYPE)
                || key.equals(Field.TS) || key.equals(Field.HASH)) {
            return true;
        }
        for (Field f : Field.values()) {
            if (f.wire.equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String string(JsonValue v, String name) {
        if (!(v instanceof JsonString s)) {
            throw new MalformedRecordException(name + " missing or not a string");
        }
        return s.getString();
    }

    private static long number(JsonValue v, String name) {
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new MalformedRecordException(name + " missing or not an integer");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedRecordException(name + " out of range");
        }
    }
}
