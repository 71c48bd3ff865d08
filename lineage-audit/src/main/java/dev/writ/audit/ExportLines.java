package dev.writ.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * An export file's lines, as {@link java.io.BufferedReader#readLine} splits them (at {@code \n},
 * {@code \r} or {@code \r\n}), but none held longer than {@link #MAX_CHARS}: a file with no line
 * end would otherwise be read whole into one string. A longer line is skipped to its end and
 * reported as too long.
 */
final class ExportLines implements Closeable {
    /** Far above any record: the largest, a checkpoint record, holds a note of at most 1 MiB. */
    static final int MAX_CHARS = 4 << 20;

    /** One line: its text, or null when it was longer than {@link #MAX_CHARS}. */
    record Line(String text) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private boolean skipNewline;

    ExportLines(Reader in) {
        this.in = in;
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        boolean tooLong = false;
        while (true) {
            if (pos == end && !fill()) {
                return text.isEmpty() && !tooLong ? null : line(text, tooLong);
            }
            char c = buffer[pos++];
            if (skipNewline) {
                skipNewline = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                skipNewline = c == '\r';
                return line(text, tooLong);
            }
            if (text.length() == MAX_CHARS) {
                tooLong = true;
                text.setLength(0);
            }
            if (!tooLong) {
                text.append(c);
            }
        }
    }

    private static Line line(StringBuilder text, boolean tooLong) {
        return new Line(tooLong ? null : text.toString());
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        end = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
