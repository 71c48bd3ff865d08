package dev.writ.audit;

import dev.writ.core.internal.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file an auditor was handed, never more than a bound: a pipe or a device
 * ({@code /dev/zero}, {@code <(...)}) reports no size, so the bound is kept while reading.
 */
public final class BoundedFiles {
    private BoundedFiles() {
    }

    /** A file holding more than the bound; nothing past the bound was read. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(Path file, int max) {
            super(file + " holds more than " + max + " bytes");
        }
    }

    /**
     * The file's text, strict UTF-8 ({@link #utf8}).
     *
     * @throws TooLargeException past {@code maxBytes}
     * @throws java.nio.charset.CharacterCodingException when it is not UTF-8
     * @throws IOException when it cannot be read
     */
    public static String readUtf8(Path file, int maxBytes) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new TooLargeException(file, maxBytes);
        }
        return utf8(bytes);
    }

    /**
     * {@code bytes} as strict UTF-8: malformed sequences, overlong forms and encoded surrogates are
     * refused, not replaced with U+FFFD (which would make other text than was sent).
     *
     * @throws CharacterCodingException when they are not UTF-8
     */
    public static String utf8(byte[] bytes) throws CharacterCodingException {
        return Utf8.decode(bytes);
    }
}
