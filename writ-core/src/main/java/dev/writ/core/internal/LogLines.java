package dev.writ.core.internal;

import dev.writ.core.json.Json;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writ's operational log lines: one JSON object per line, {@code {"writ": <component>, "level": ...,
 * "message": ...}} plus fields, written whole (one {@code println} under the stream's lock) so
 * concurrent lines never interleave. Decision and verification lines, alarms and warnings all use it.
 */
public final class LogLines {

    private LogLines() {
    }

    /** Writes {@code fields} as one JSON line. */
    public static void write(PrintStream out, Map<String, ?> fields) {
        String line = Json.write(fields);
        synchronized (out) {
            out.println(line);
        }
    }

    /** A {@code WARN} line of {@code component}. */
    public static void warn(PrintStream out, String component, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("writ", component);
        line.put("level", "WARN");
        line.put("message", message);
        write(out, line);
    }
}
