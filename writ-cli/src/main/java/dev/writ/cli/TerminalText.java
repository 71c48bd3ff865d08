package dev.writ.cli;

import dev.writ.core.internal.VisibleText;
import java.util.Arrays;

/**
 * Text from outside (an API's answer, a file, a record's field, an exception's message about them)
 * made safe to print: every control character (C0, DEL, C1) and every invisible format character
 * (bidirectional overrides among them) is written as {@code \}{@code uXXXX} (a character beyond
 * U+FFFF as its two UTF-16 halves: {@link VisibleText}), so a hostile input can neither drive the terminal with escape
 * sequences nor start a line that forges the CLI's own output. Those are JSON's escapes too, and
 * compact JSON holds such characters only inside strings, so it prints escaped as the same JSON
 * (pretty-printed JSON: {@link #escapedLines}; JSON
 * writers escape C0 controls only: a C1 control or a bidirectional override in a value would
 * otherwise reach the terminal as it is).
 */
public final class TerminalText {
    private TerminalText() {
    }

    public static String escaped(String text) {
        return text == null ? "null" : VisibleText.escaped(text);
    }

    /**
     * {@link #escaped} line by line, the line breaks kept: for text whose line breaks are all its
     * own, as a pretty-printed JSON document's (a JSON writer escapes those inside strings).
     */
    public static String escapedLines(String text) {
        return String.join("\n", Arrays.stream(text.split("\n", -1)).map(TerminalText::escaped).toList());
    }
}
