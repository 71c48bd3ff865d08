package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.Map;

/** Checks the parts of a record read from outside (an export line, a DynamoDB item) before use. */
public final class RecordValues {
    /**
     * The largest integer every JSON implementation reads exactly (RFC 7493, I-JSON): beyond it
     * JCS number forms differ between libraries, so two verifiers would hash differently.
     */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private RecordValues() {
    }

    public static LineageRecord build(String chain, long seq, String prev, String type, long ts, Map<Field, String> text, String hash) {
        if (chain.isEmpty()) {
            throw new MalformedRecordException("empty chain");
        }
        if (seq < 0 || seq > MAX_SAFE_INTEGER) {
            throw new MalformedRecordException("seq outside 0.." + MAX_SAFE_INTEGER);
        }
        if (ts < 0 || ts > MAX_SAFE_INTEGER) {
            throw new MalformedRecordException("ts outside 0.." + MAX_SAFE_INTEGER);
        }
        if (!LineageHash.isHash(prev)) {
            throw new MalformedRecordException("prev is not a hex SHA-256");
        }
        if (!LineageHash.isHash(hash)) {
            throw new MalformedRecordException("hash is not a hex SHA-256");
        }
        LineageRecord.Type t = LineageRecord.Type.fromWire(type)
                .orElseThrow(() -> new MalformedRecordException("unknown type " + type));
        // One place, one kind: a checkpoint anywhere else could be taken for one by a naive reader.
        boolean onCheckpointChain = chain.equals(LineageRecord.CHECKPOINT_CHAIN);
        if (onCheckpointChain != (t == LineageRecord.Type.CHECKPOINT)) {
            throw new MalformedRecordException(onCheckpointChain ? "a record of chain checkpoint must be of type checkpoint"
                    : "a checkpoint record outside chain checkpoint");
        }
        if ((t == LineageRecord.Type.CHECKPOINT) != text.containsKey(Field.NOTE)) {
            throw new MalformedRecordException(t == LineageRecord.Type.CHECKPOINT ? "checkpoint without a note" : "note outside a checkpoint");
        }
        for (Map.Entry<Field, String> e : text.entrySet()) {
            if (e.getValue().isEmpty()) {
                // Absent fields are omitted, never empty: two spellings of "absent" would hash differently.
                throw new MalformedRecordException(e.getKey().wire + " is empty");
            }
        }
        String payloadHash = text.get(Field.PAYLOAD_HASH);
        if (payloadHash != null && !LineageHash.isHash(payloadHash)) {
            throw new MalformedRecordException("payloadHash is not a hex SHA-256");
        }
        return new LineageRecord(chain, seq, prev, t, ts, text, hash);
    }
}
