package dev.writ.lineagefn.api;

import dev.writ.audit.tlog.NoteText;
import dev.writ.core.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Opaque page cursors. A cursor holds the position to continue from and a tag of the query it
 * belongs to, so a cursor replayed against another chain, principal or range is refused instead of
 * silently paging the wrong data. Not a secret and not signed: it only says where to read next,
 * and every record read through it is checked like any other.
 */
final class Cursor {
    private static final String VERSION = "c1";
    private static final int MAX_LENGTH = 1024;

    private Cursor() {
    }

    /** A cursor for {@code scope} (the query's identity) holding {@code position} parts. */
    static String encode(String scope, List<String> position) {
        StringBuilder b = new StringBuilder(VERSION).append('\n').append(tag(scope));
        for (String p : position) {
            b.append('\n').append(p);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position parts of {@code cursor}, which must have been made for {@code scope} with
     * {@code parts} parts.
     *
     * @throws ApiException BAD_CURSOR otherwise
     */
    static List<String> decode(String scope, String cursor, int parts) {
        if (cursor.length() > MAX_LENGTH) {
            throw bad("cursor too long");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("cursor is not base64url");
        }
        String[] fields = text.split("\n", -1);
        if (fields.length != parts + 2 || !fields[0].equals(VERSION)) {
            throw bad("not a cursor of this API");
        }
        if (!MessageDigest.isEqual(fields[1].getBytes(StandardCharsets.UTF_8), tag(scope).getBytes(StandardCharsets.UTF_8))) {
            throw bad("cursor belongs to another query (chain, principal, range or limit differ)");
        }
        return Arrays.asList(fields).subList(2, fields.length);
    }

    /** A position number, spelt as {@link #encode} spells it: {@link NoteText#decimal}. */
    static long number(String part) {
        long v = NoteText.decimal(part);
        if (v < 0) {
            throw bad("cursor position is not a non-negative decimal (ASCII digits, no sign, no leading zero)");
        }
        return v;
    }

    private static ApiException bad(String why) {
        return ApiException.badRequest("BAD_CURSOR", why);
    }

    private static String tag(String scope) {
        byte[] h = Sha256.digest(scope.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 8);
    }
}
