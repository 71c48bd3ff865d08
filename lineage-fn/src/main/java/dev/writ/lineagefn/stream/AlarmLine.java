package dev.writ.lineagefn.stream;

import dev.writ.lineagefn.metrics.EmfAlarm;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * One chain break as one JSON log line that is also a CloudWatch embedded-metric-format record:
 * metric {@value #METRIC} (Count) in namespace {@code Writ/Lineage}, dimension {@code Table} ({@link EmfAlarm}). An
 * alarm on {@code ChainBreaks > 0} pages; the same line carries chain, seq and reason for the
 * person paged. Chains are properties, not dimensions, to keep metric cardinality fixed.
 */
final class AlarmLine {
    static final String METRIC = "ChainBreaks";

    private AlarmLine() {
    }

    static String of(String table, ChainBreak b, long nowMillis) {
        JsonObjectBuilder line = EmfAlarm.of(METRIC, "LINEAGE_CHAIN_BREAK", table, nowMillis)
                .add("chain", b.chain())
                .add("seq", b.seq())
                .add("reason", b.reason())
                .add("detail", b.detail());
        if (b.eventId() != null) {
            line.add("eventId", b.eventId());
        }
        if (b.eventName() != null) {
            line.add("eventName", b.eventName());
        }
        return line.build().toString();
    }

    /** A record that could not be checked (the table could not be read); it is retried. No metric. */
    static String unchecked(String table, String eventId, String sequenceNumber, String error) {
        JsonObjectBuilder line = Json.createObjectBuilder()
                .add("level", "ERROR")
                .add("error", "LINEAGE_UNAVAILABLE")
                .add("Table", table)
                .add("detail", "could not read its predecessor or remember what it expects (" + error + "); the record will be retried");
        if (eventId != null) {
            line.add("eventId", eventId);
        }
        if (sequenceNumber != null) {
            line.add("sequenceNumber", sequenceNumber);
        }
        return line.build().toString();
    }
}
