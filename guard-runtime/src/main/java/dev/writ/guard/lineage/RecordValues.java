package dev.writ.guard.lineage;

import java.util.Map;

/** Checks the parts of a record read from outside (an export line, a DynamoDB item) before use. */
final class RecordValues {
    private RecordValues() {
    }

    static LineageRecord build(String chain, long seq, String prev, String type, long ts, Map<Field, String> text, String hash) {
        if (chain.isEmpty()) {
            throw new MalformedRecordException("empty chain");
        }
        if (seq < 0) {
            throw new MalformedRecordException("negative seq");
        }
        if (!LineageHash.isHash(prev)) {
            throw new MalformedRecordException("prev is not a hex SHA-256");
        }
        if (!LineageHash.isHash(hash)) {
            throw new MalformedRecordException("hash is not a hex SHA-256");
        }
        LineageRecord.Type t = LineageRecord.Type.fromWire(type)
                .orElseThrow(() -> new MalformedRecordException("unknown type " + type));
        for (Map.Entry<Field, String> e : text.entrySet()) {
            if (e.getValue().isEmpty()) {
                // Absent fields are omitted, never empty: two spellings of "absent" would hash differently.
                throw new MalformedRecordException(e.getKey().wire + " is empty");
            }
        }
        return new LineageRecord(chain, seq, prev, t, ts, text, hash);
    }
}
