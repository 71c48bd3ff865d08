package dev.writ.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTextTest {

    @Test
    void controlAndFormatCharactersAreEscapedTheRestKept() {
        // U+202E (right-to-left override) would show "a txt.exe" reversed after it.
        assertThat(VisibleText.escaped("a\u202Eexe.txt")).isEqualTo("a\\u202eexe.txt");
        assertThat(VisibleText.escaped("\u2066x\u2069 \u200F \u061C \u0000 \t \n \u001B[31m \u007F \u0085 \uFEFF"))
                .isEqualTo("\\u2066x\\u2069 \\u200f \\u061c \\u0000 \\u0009 \\u000a \\u001b[31m \\u007f \\u0085 \\ufeff");
        // A format character beyond U+FFFF (a language tag) as its two UTF-16 halves; visible text as it is.
        assertThat(VisibleText.escaped("\uDB40\uDC01 \uD83D\uDE00 élise ∑ 名")).isEqualTo("\\udb40\\udc01 \uD83D\uDE00 élise ∑ 名");
    }

    @Test
    void hiddenIsWhatIsEscaped() {
        assertThat("\u202E\u2066\u2069\u200B\u200C\u200D\u200E\u200F\uFEFF\u0000\u007F\u0085".codePoints())
                .allMatch(VisibleText::isHidden);
        assertThat("a \u00e9\u2211\u540d \uD83D\uDE00".codePoints()).noneMatch(VisibleText::isHidden);
    }
}
