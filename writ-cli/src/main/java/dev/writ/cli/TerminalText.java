package dev.writ.cli;

/**
 * Text from outside (an API's answer, a file, a record's field, an exception's message about them)
 * made safe to print: every control character (C0, DEL, C1) and every invisible format character
 * (bidirectional overrides among them) is written as {@code \}{@code uXXXX}, so a hostile input can
 * neither drive the terminal with escape sequences nor start a line that forges the CLI's own output.
 */
public final class TerminalText {
    private TerminalText() {
    }

    public static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
