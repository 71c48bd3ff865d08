package dev.writ.audit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An export file's lines, split as {@link java.io.BufferedReader#readLine} splits them (at
 * {@code \n}, {@code \r} or {@code \r\n}), each decoded as strict UTF-8 on its own and none held
 * longer than {@link #MAX_BYTES}: a file with no line end would otherwise be read whole into
 * memory, and one bad byte would end the whole verification instead of naming its line.
 */
final class ExportLines implements Closeable {
    /** Far above any record: the largest, a checkpoint record, holds a note of at most 1 MiB. */
    static final int MAX_BYTES = 4 << 20;

    /** One line: its text, or why it has none (too long, not UTF-8). */
    record Line(String text, String problem) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int end;
    private boolean skipNewline;

    ExportLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any ? line(bytes, tooLong) : null;
            }
            if (skipNewline) { // the \n of a \r\n
                skipNewline = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int stop = pos;
            while (stop < end && buffer[stop] != '\n' && buffer[stop] != '\r') {
                stop++;
            }
            if (!tooLong && bytes.size() + (stop - pos) > MAX_BYTES) {
                tooLong = true;
                bytes.reset();
            }
            if (!tooLong) {
                bytes.write(buffer, pos, stop - pos);
            }
            if (stop < end) {
                skipNewline = buffer[stop] == '\r';
                pos = stop + 1;
                return line(bytes, tooLong);
            }
            pos = end;
        }
    }

    private Line line(ByteArrayOutputStream bytes, boolean tooLong) {
        if (tooLong) {
            return new Line(null, "longer than " + MAX_BYTES + " bytes");
        }
        try {
            return new Line(utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(null, "not UTF-8");
        }
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
