package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A record as a DynamoDB item: {@code seq} and {@code ts} as numbers, everything else strings. */
public final class LineageItems {
    private static final Set<String> KNOWN = new HashSet<>();

    static {
        KNOWN.addAll(Set.of(Field.CHAIN, Field.SEQ, Field.PREV, Field.TYPE, Field.TS, Field.HASH));
        for (Field f : Field.values()) {
            KNOWN.add(f.wire);
        }
    }

    private LineageItems() {
    }

    public static Map<String, AttributeValue> toItem(LineageRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Field.CHAIN, s(r.chain()));
        item.put(Field.SEQ, n(r.seq()));
        item.put(Field.PREV, s(r.prev()));
        item.put(Field.TYPE, s(r.type().wire()));
        item.put(Field.TS, n(r.ts()));
        item.put(Field.HASH, s(r.hash()));
        r.text().forEach((f, v) -> item.put(f.wire, s(v)));
        return item;
    }

    /**
     * Upper estimate of the DynamoDB item size of {@code draft} sealed on {@code chain}, as DynamoDB
     * counts it: UTF-8 bytes of attribute names and string values, at most 21 bytes per number.
     */
    public static long itemBytes(String chain, LineageRecord.Draft draft) {
        long bytes = utf8(Field.CHAIN) + utf8(chain) + utf8(Field.SEQ) + NUMBER_BYTES
                + utf8(Field.PREV) + HEX_BYTES + utf8(Field.HASH) + HEX_BYTES
                + utf8(Field.TYPE) + utf8(draft.type().wire()) + utf8(Field.TS) + NUMBER_BYTES;
        for (Map.Entry<Field, String> e : draft.text().entrySet()) {
            bytes += utf8(e.getKey().wire) + utf8(e.getValue());
        }
        return bytes;
    }

    private static final int NUMBER_BYTES = 21;
    private static final int HEX_BYTES = 64;

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    public static LineageRecord fromItem(Map<String, AttributeValue> item) {
        try {
            return fromCheckedItem(item);
        } catch (MalformedRecordException e) {
            throw placed(e, item.get(Field.CHAIN), item.get(Field.SEQ));
        }
    }

    /** {@code e} placed at the item's chain and seq (its key), when both are readable. */
    private static MalformedRecordException placed(MalformedRecordException e, AttributeValue chain, AttributeValue seq) {
        if (chain == null || chain.s() == null || chain.s().isEmpty() || seq == null || seq.n() == null) {
            return e;
        }
        try {
            long s = Long.parseLong(seq.n());
            return s < 0 ? e : e.at(chain.s(), s);
        } catch (NumberFormatException notAnInteger) {
            return e;
        }
    }

    private static LineageRecord fromCheckedItem(Map<String, AttributeValue> item) {
        for (String k : item.keySet()) {
            if (!KNOWN.contains(k)) {
                throw new MalformedRecordException("unknown attribute " + k);
            }
        }
        Map<Field, String> text = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            AttributeValue v = item.get(f.wire);
            if (v != null) {
                text.put(f, string(v, f.wire));
            }
        }
        return RecordValues.build(string(item.get(Field.CHAIN), Field.CHAIN), number(item.get(Field.SEQ), Field.SEQ),
                string(item.get(Field.PREV), Field.PREV), string(item.get(Field.TYPE), Field.TYPE),
                number(item.get(Field.TS), Field.TS), text, string(item.get(Field.HASH), Field.HASH));
    }

    public static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    public static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }

    private static String string(AttributeValue v, String name) {
        if (v == null || v.s() == null) {
            throw new MalformedRecordException(name + " missing or not a string");
        }
        return v.s();
    }

    private static long number(AttributeValue v, String name) {
        if (v == null || v.n() == null) {
            throw new MalformedRecordException(name + " missing or not a number");
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            throw new MalformedRecordException(name + " is not an integer");
        }
    }
}
