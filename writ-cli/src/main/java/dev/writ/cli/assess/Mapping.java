package dev.writ.cli.assess;

import java.util.LinkedHashMap;
import java.util.Map;

/** A mapping of a template, in its order, with the line of each key (1-based; 0 when unknown). */
final class Mapping extends LinkedHashMap<String, Object> {
    private final int line;
    private final Map<String, Integer> keyLines = new LinkedHashMap<>();

    Mapping(int line) {
        this.line = line;
    }

    int line() {
        return line;
    }

    /** The line of {@code key}, else the mapping's own line. */
    int lineOf(String key) {
        return keyLines.getOrDefault(key, line);
    }

    void put(String key, Object value, int keyLine) {
        put(key, value);
        keyLines.put(key, keyLine);
    }
}
