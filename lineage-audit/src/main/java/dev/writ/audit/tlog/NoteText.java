package dev.writ.audit.tlog;

import dev.writ.audit.tlog.TlogFormatException.Reason;
import dev.writ.core.internal.Utf8;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The lexical rules the C2SP note formats share: UTF-8, control characters, names, decimals,
 * base64. {@link #decimal} is also the number rule of Writ's own checkpoint note and of a
 * witness's 409 size, so every number a note carries has one spelling.
 */
public final class NoteText {
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    private NoteText() {
    }

    /** Strict UTF-8 decoding: malformed or overlong sequences and lone surrogates are refused. */
    static String utf8(byte[] bytes) {
        try {
            return Utf8.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new TlogFormatException(Reason.NOT_UTF8, "not valid UTF-8");
        }
    }

    /** The UTF-8 bytes of {@code s}; a string with a lone surrogate has none. */
    static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new TlogFormatException(Reason.NOT_UTF8, "not encodable as UTF-8 (a lone surrogate)");
        }
    }

    /** Refuses ASCII control characters other than newline, naming the first one's offset. */
    static void requireNoControlCharacters(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new TlogFormatException(Reason.CONTROL_CHARACTER, what + " holds control character 0x"
                        + Integer.toHexString(c) + " at offset " + i);
            }
        }
    }

    /**
     * A key name: non-empty, no Unicode space (as Go's {@code unicode.IsSpace}: ASCII white space,
     * U+0085, U+00A0 and every space separator), no {@code +}, no control character.
     */
    static boolean isKeyName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(c -> c == '+' || c < 0x20
                || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85);
    }

    static String requireKeyName(String name) {
        if (!isKeyName(name)) {
            throw new TlogFormatException(Reason.BAD_KEY_NAME, "a key name is non-empty, without spaces or '+'");
        }
        utf8(name);
        return name;
    }

    /** A non-negative ASCII decimal without sign or leading zeros that fits a long, or -1. */
    public static long decimal(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1; // 19 digits above 2^63 - 1
        }
    }

    /** The bytes of canonical standard padded base64, or null: one spelling per value, nothing lenient. */
    static byte[] base64(String s) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return s.isEmpty() || !Base64.getEncoder().encodeToString(decoded).equals(s) ? null : decoded;
    }
}
