package dev.writ.lineagefn.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void aMessageShowsWhatItEchoesEscapedNotActedOn() {
        // U+202E (right-to-left override) would show the rest of the message reversed.
        assertThat(new ErrorBody("UNKNOWN_CHAIN", "no chain named a\u202Eexe.txt\u001B[2J").message())
                .isEqualTo("no chain named a\\u202eexe.txt\\u001b[2J");
        assertThat(new ErrorBody("UNKNOWN_CHAIN", "no chain named élise").message()).isEqualTo("no chain named élise");
        assertThat(new ErrorBody("X", null).message()).isNull();
    }
}
