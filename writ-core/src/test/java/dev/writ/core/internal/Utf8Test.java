package dev.writ.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @CsvSource({"'', ''", "61, a", "c3a9, é", "e282ac, €", "f09f9880, \uD83D\uDE00", "efbbbf61, \uFEFFa"})
    void decodesUtf8AsItIs(String hex, String text) throws CharacterCodingException {
        assertThat(Utf8.decode(HexFormat.of().parseHex(hex))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ff",           // never in UTF-8
        "c3",           // truncated
        "80",           // a continuation byte alone
        "c080",         // overlong NUL
        "e080af",       // overlong '/'
        "eda080",       // an encoded (lone) surrogate, U+D800
        "f4908080",     // beyond U+10FFFF
    })
    void refusesWhatIsNotUtf8RatherThanReplacingIt(String hex) {
        assertThatThrownBy(() -> Utf8.decode(HexFormat.of().parseHex(hex))).as(hex).isInstanceOf(CharacterCodingException.class);
    }
}
