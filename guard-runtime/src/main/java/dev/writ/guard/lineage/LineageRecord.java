package dev.writ.guard.lineage;

import dev.writ.guard.lineage.internal.Field;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import dev.writ.guard.lineage.internal.RecordJson;
import dev.writ.guard.lineage.internal.RecordValues;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored lineage record: an immutable value. {@code chain}, {@code seq}, {@code prev} and
 * {@code hash} are filled by the writer; the content comes from a {@link Draft}. Absent optional
 * fields are omitted from every stored and hashed form (never written as null).
 *
 * <p>{@code hash = SHA-256(0x01 || prev || SHA-256(0x00 || JCS(record without prev, hash)))}, with
 * {@code prev} and {@code hash} as raw 32 bytes, stored as lower-case hex (see docs/lineage.md).
 */
public final class LineageRecord {

    /** What a record is evidence of. */
    public enum Type {
        /** The authorizer's decision on a request. */
        DECISION,
        /** A guard allowed an invocation, before user code ran. */
        VERIFICATION,
        /** What user code did with an allowed invocation. */
        OUTCOME,
        /** A guard refused an invocation. */
        DENIAL,
        /** A signed checkpoint of every chain head. */
        CHECKPOINT,
        /** The writ exchange's decision on a hop: a child writ minted, or refused. */
        EXCHANGE;

        /** The stored name, lower case. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a stored name; empty when unknown. */
        public static Optional<Type> fromWire(String wire) {
            for (Type t : values()) {
                if (t.wire().equals(wire)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** The chain every checkpoint record is appended to. */
    public static final String CHECKPOINT_CHAIN = "checkpoint";

    private final String chain;
    private final long seq;
    private final String prev;
    private final Type type;
    private final long ts;
    private final Map<Field, String> text;
    private final String hash;

    public LineageRecord(String chain, long seq, String prev, Type type, long ts, Map<Field, String> text, String hash) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.seq = seq;
        this.prev = Objects.requireNonNull(prev, "prev");
        this.type = Objects.requireNonNull(type, "type");
        this.ts = ts;
        this.text = copyOf(text);
        this.hash = Objects.requireNonNull(hash, "hash");
    }

    /** Seals a draft as record {@code seq} of {@code chain} after the record whose hash is {@code prev}. */
    public static LineageRecord seal(String chain, long seq, String prev, Draft draft) {
        LineageRecord unsealed = new LineageRecord(chain, seq, prev, draft.type, draft.ts, draft.text, LineageHash.ZERO_HEX);
        return new LineageRecord(chain, seq, prev, draft.type, draft.ts, draft.text, LineageHash.chainHash(unsealed));
    }

    public String chain() { return chain; }
    public long seq() { return seq; }
    /** Hex SHA-256 of the previous record; 64 zeros for seq 0. */
    public String prev() { return prev; }
    public Type type() { return type; }
    /** Epoch milliseconds. */
    public long ts() { return ts; }
    /** Hex SHA-256 chain hash of this record as stored. */
    public String hash() { return hash; }
    public Optional<String> execId() { return get(Field.EXEC_ID); }
    public Optional<String> transaction() { return get(Field.TXN); }
    public Optional<String> parent() { return get(Field.PAR); }
    public Optional<String> principal() { return get(Field.PRINCIPAL); }
    public Optional<String> function() { return get(Field.FUNCTION); }
    public Optional<String> action() { return get(Field.ACTION); }
    public Optional<String> resource() { return get(Field.RESOURCE); }
    public Optional<String> decision() { return get(Field.DECISION); }
    public Optional<String> reason() { return get(Field.REASON); }
    public Optional<String> bundle() { return get(Field.BUNDLE); }
    public Optional<String> payloadHash() { return get(Field.PAYLOAD_HASH); }
    /** The tool a tool call named; absent on every other record (and on records written before it existed). */
    public Optional<String> tool() { return get(Field.TOOL); }
    /** The agent that asked for a tool call's decision; absent on every other record (and on records written before it existed). */
    public Optional<String> agent() { return get(Field.AGENT); }
    /** The signed note of a checkpoint record. */
    public Optional<String> note() { return get(Field.NOTE); }

    /** True when the stored hash equals the hash recomputed from content and {@code prev} (constant time). */
    public boolean hashIsValid() {
        return LineageHash.equalHex(hash, LineageHash.chainHash(this));
    }

    /** This record as one line of JSON (RFC 8785 canonical form, all fields), as in exports. */
    public String toJson() {
        return RecordJson.toJsonLine(this);
    }

    /**
     * Parses one exported JSON line.
     *
     * @throws MalformedRecordException when the line is not a well-formed record
     */
    public static LineageRecord fromJson(String line) {
        return RecordJson.fromJsonLine(line);
    }

    /**
     * Reads a record from a stored DynamoDB item (a query result, or a stream image converted to
     * SDK values), refusing unknown attributes as the verifier does.
     *
     * @throws MalformedRecordException when the item is not a well-formed record
     */
    public static LineageRecord fromItem(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        return LineageItems.fromItem(item);
    }

    private static Map<Field, String> copyOf(Map<Field, String> text) {
        EnumMap<Field, String> copy = new EnumMap<>(Field.class);
        copy.putAll(text);
        return Collections.unmodifiableMap(copy);
    }

    public Map<Field, String> text() {
        return text;
    }

    private Optional<String> get(Field f) {
        return Optional.ofNullable(text.get(f));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineageRecord r && chain.equals(r.chain) && seq == r.seq && prev.equals(r.prev)
                && type == r.type && ts == r.ts && text.equals(r.text) && hash.equals(r.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, seq, hash);
    }

    @Override
    public String toString() {
        return "LineageRecord[" + chain + "#" + seq + " " + type.wire() + " " + hash + "]";
    }

    /** Starts a draft of the given type, stamped now. */
    public static Draft.Builder draft(Type type) {
        return new Draft.Builder(type);
    }

    /** The content of a record before the writer places it on a chain. */
    public static final class Draft {
        final Type type;
        final long ts;
        final Map<Field, String> text;

        private Draft(Builder b) {
            this.type = b.type;
            this.ts = b.ts;
            this.text = copyOf(b.text);
        }

        public Type type() { return type; }
        public long ts() { return ts; }
        public Optional<String> function() { return Optional.ofNullable(text.get(Field.FUNCTION)); }
        public Optional<String> execId() { return Optional.ofNullable(text.get(Field.EXEC_ID)); }
        /** The optional fields present, as {@link LineageRecord#text()}. */
        public Map<Field, String> text() { return text; }

        /** Builds a {@link Draft}; null or empty values leave a field absent. */
        public static final class Builder {
            private final Type type;
            private long ts = System.currentTimeMillis();
            private final EnumMap<Field, String> text = new EnumMap<>(Field.class);

            Builder(Type type) {
                this.type = Objects.requireNonNull(type, "type");
            }

            /** Epoch milliseconds, 0 to 2^53 - 1 (what verification accepts). */
            public Builder ts(long epochMillis) {
                if (epochMillis < 0 || epochMillis > RecordValues.MAX_SAFE_INTEGER) {
                    throw new IllegalArgumentException("ts outside 0.." + RecordValues.MAX_SAFE_INTEGER);
                }
                this.ts = epochMillis;
                return this;
            }
            public Builder execId(String v) { return put(Field.EXEC_ID, v); }
            public Builder transaction(String v) { return put(Field.TXN, v); }
            public Builder parent(String v) { return put(Field.PAR, v); }
            public Builder principal(String v) { return put(Field.PRINCIPAL, v); }
            public Builder function(String v) { return put(Field.FUNCTION, v); }
            public Builder action(String v) { return put(Field.ACTION, v); }
            public Builder resource(String v) { return put(Field.RESOURCE, v); }
            public Builder decision(String v) { return put(Field.DECISION, v); }
            public Builder reason(String v) { return put(Field.REASON, v); }
            /** {@code name@revision#hash}. */
            public Builder bundle(String v) { return put(Field.BUNDLE, v); }
            /** SHA-256 as 64 lower-case hex digits (what verification accepts). */
            public Builder payloadHash(String v) {
                if (v != null && !v.isEmpty() && !LineageHash.isHash(v)) {
                    throw new IllegalArgumentException("payloadHash is not a hex SHA-256");
                }
                return put(Field.PAYLOAD_HASH, v);
            }
            /** The tool a tool call named. */
            public Builder tool(String v) { return put(Field.TOOL, v); }
            /** The agent that asked for a tool call's decision. */
            public Builder agent(String v) { return put(Field.AGENT, v); }
            public Builder note(String v) { return put(Field.NOTE, v); }

            private Builder put(Field f, String v) {
                if (v == null || v.isEmpty()) {
                    text.remove(f);
                } else {
                    text.put(f, v);
                }
                return this;
            }

            public Draft build() {
                return new Draft(this);
            }
        }
    }
}
