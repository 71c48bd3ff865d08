package dev.writ.lineagefn.api;

import dev.writ.audit.tlog.NoteText;
import dev.writ.core.internal.VisibleText;

/** Parses and bounds request parameters; every refusal is a 400 with a specific code. */
final class Params {
    static final int MAX_ID_LENGTH = 256;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Params() {
    }

    /**
     * An id-like path value (chain, execId, principal): 1..256 characters, no control or invisible
     * format characters ({@link VisibleText#isHidden}): a bidi override or a zero-width space would
     * make an id that reads as another one.
     */
    static String id(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("BAD_ID", what + " is empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest("BAD_ID", what + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        value.codePoints().filter(VisibleText::isHidden).findFirst().ifPresent(c -> {
            throw ApiException.badRequest("BAD_ID", what + " contains " + String.format("U+%04X", c)
                    + ", a control or invisible format character");
        });
        return value;
    }

    /**
     * A non-negative integer query value, or {@code fallback} when absent. One spelling per number
     * (ASCII digits, no sign, no leading zero: {@link NoteText#decimal}), as the checkpoint notes.
     */
    static long nonNegative(String name, String value, long fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        long v = NoteText.decimal(value);
        if (v < 0) {
            throw ApiException.badRequest("BAD_RANGE", name + " must be a non-negative decimal integer (ASCII digits,"
                    + " no sign, no leading zero), got '" + shorten(value) + "'");
        }
        return v;
    }

    /** Requires {@code from <= to}. */
    static void range(String fromName, long from, String toName, long to) {
        if (from > to) {
            throw ApiException.badRequest("BAD_RANGE", fromName + " (" + from + ") is after " + toName + " (" + to + ")");
        }
    }

    static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long v = NoteText.decimal(value);
        if (v < 1 || v > MAX_LIMIT) {
            throw ApiException.badRequest("BAD_LIMIT", "limit must be a decimal integer from 1 to " + MAX_LIMIT
                    + " (ASCII digits, no sign, no leading zero)");
        }
        return (int) v;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
