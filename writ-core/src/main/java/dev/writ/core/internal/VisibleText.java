package dev.writ.core.internal;

/**
 * Text from outside made safe to show: every control character (C0, DEL, C1) and every invisible
 * format character (bidirectional overrides and isolates among them) is written as
 * {@code \}{@code uXXXX}, a character beyond U+FFFF as its two UTF-16 halves. JSON's escapes too,
 * so escaped text stays valid inside a JSON string; a terminal, a browser or a log reader then
 * shows such a character instead of acting on it (an escape sequence, a right-to-left override).
 */
public final class VisibleText {

    private VisibleText() {
    }

    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (isHidden(c)) {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04x", (int) unit));
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Whether {@link #escaped} escapes {@code codePoint}: a control or invisible format character. */
    public static boolean isHidden(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
    }
}
