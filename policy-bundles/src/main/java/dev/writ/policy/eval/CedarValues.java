package dev.writ.policy.eval;

import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.DateTime;
import com.cedarpolicy.value.Decimal;
import com.cedarpolicy.value.Duration;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts plain Java values (as JSON readers give them) to Cedar values, exactly or not at all: a
 * number is a Cedar {@code Long} when it is an {@code Integer} or {@code Long} (or smaller); any other is refused.
 */
final class CedarValues {
    private static final int MAX_DEPTH = 16;
    private static final java.time.format.DateTimeFormatter CEDAR_DATETIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    // Cedar-java parses a datetime through formatters that throw on each mismatch: a decision in the
    // same instant as the previous one (the authorizer's `now` is in whole seconds) reuses its value.
    private static volatile ParsedInstant lastInstant;

    private record ParsedInstant(Instant instant, DateTime value) {
    }

    private CedarValues() {
    }

    static Map<String, Value> record(Map<String, Object> values) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.put(e.getKey(), of(e.getValue(), 0));
        }
        return out;
    }

    static Value of(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH);
        }
        if (v instanceof Boolean b) {
            return new PrimBool(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return new PrimLong(((Number) v).longValue());
        }
        if (v instanceof Number) {
            // A Double, BigDecimal or BigInteger: Cedar's Long would have to round or cut it.
            throw new IllegalArgumentException("no Cedar value for " + v.getClass().getSimpleName()
                    + ": Cedar's numbers are 64-bit integers (no floating point), so it is refused, not rounded");
        }
        if (v instanceof String s) {
            return new PrimString(s);
        }
        if (v instanceof Instant t) {
            return dateTime(t);
        }
        if (v instanceof Collection<?> c) {
            CedarList list = new CedarList();
            for (Object item : c) {
                list.add(of(item, depth + 1));
            }
            return list;
        }
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey("__extn")) {
                return extension(m.get("__extn"));
            }
            CedarMap map = new CedarMap();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("record keys must be strings");
                }
                map.put(key, of(e.getValue(), depth + 1));
            }
            return map;
        }
        throw new IllegalArgumentException("no Cedar value for "
                + (v == null ? "null (Cedar has no null)" : v.getClass().getSimpleName()));
    }

    private static DateTime dateTime(Instant t) {
        ParsedInstant last = lastInstant;
        if (last != null && last.instant().equals(t)) {
            return last.value();
        }
        // Cedar datetimes carry at most milliseconds; Instant.toString() may print nanoseconds.
        DateTime value = new DateTime(CEDAR_DATETIME.format(t));
        lastInstant = new ParsedInstant(t, value);
        return value;
    }

    private static Value extension(Object extn) {
        if (!(extn instanceof Map<?, ?> m) || !(m.get("fn") instanceof String fn) || !(m.get("arg") instanceof String arg)) {
            throw new IllegalArgumentException("__extn must be {\"fn\": name, \"arg\": string}");
        }
        return switch (fn) {
            case "ip" -> new IpAddress(arg);
            case "decimal" -> new Decimal(arg);
            case "datetime" -> new DateTime(arg);
            case "duration" -> new Duration(arg);
            default -> throw new IllegalArgumentException("unknown extension function \"" + fn + "\"");
        };
    }
}
