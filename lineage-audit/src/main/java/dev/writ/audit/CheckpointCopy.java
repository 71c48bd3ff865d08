package dev.writ.audit;

import dev.writ.core.json.CanonicalJson;
import dev.writ.core.json.Json;
import dev.writ.core.json.JsonException;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A write-once copy of one checkpoint (docs/lineage.md, Write-once copies): the checkpoint record
 * as stored and the log checkpoint stored with it, cosignatures included. Kept where the lineage's
 * owner cannot delete or replace it (S3 Object Lock in compliance mode), it is the trusted
 * checkpoint source that deleting or replacing checkpoints in the table is measured against.
 * JSON: {@code {"format":"writ-checkpoint-copy/v1","log":"<note>","record":{<record>}}}.
 */
public record CheckpointCopy(LineageRecord record, String logNote) {
    public static final String FORMAT = "writ-checkpoint-copy/v1";
    private static final Set<String> MEMBERS = Set.of("format", "log", "record");

    public CheckpointCopy {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(logNote, "logNote");
        if (!record.chain().equals(LineageRecord.CHECKPOINT_CHAIN)) {
            throw new IllegalArgumentException("a checkpoint copy holds a record of chain checkpoint, not " + record.chain());
        }
    }

    public String toJson() {
        return "{\"format\":" + CanonicalJson.of(FORMAT) + ",\"log\":" + CanonicalJson.of(logNote) + ",\"record\":" + record.toJson() + "}";
    }

    /**
     * @throws IllegalArgumentException naming the fault when {@code json} is not exactly a copy
     */
    public static CheckpointCopy parse(String json) {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (JsonException e) {
            throw new IllegalArgumentException("a checkpoint copy is one JSON object: " + e.getMessage());
        }
        if (!m.keySet().equals(MEMBERS) || !FORMAT.equals(m.get("format"))
                || !(m.get("log") instanceof String log) || !(m.get("record") instanceof Map<?, ?> record)) {
            throw new IllegalArgumentException("a checkpoint copy has exactly format " + FORMAT + ", log (a string) and record (an object)");
        }
        try {
            return new CheckpointCopy(LineageRecord.fromJson(CanonicalJson.of(record)), log);
        } catch (MalformedRecordException | JsonException e) { // JsonException: a number with no RFC 8785 form
            throw new IllegalArgumentException("the copy's record: " + e.getMessage());
        }
    }
}
