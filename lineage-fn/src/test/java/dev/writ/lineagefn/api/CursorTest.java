package dev.writ.lineagefn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {
    @Test
    void roundTripsWithinItsOwnQuery() {
        String c = Cursor.encode("chain\norders#0\n0\n9\n2", List.of("1"));
        assertThat(Cursor.decode("chain\norders#0\n0\n9\n2", c, 1)).containsExactly("1");
        assertThat(c).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void refusesCursorsOfOtherQueriesAndGarbage() {
        String c = Cursor.encode("chain\norders#0\n0\n9\n2", List.of("1"));
        assertBad(() -> Cursor.decode("chain\norders#1\n0\n9\n2", c, 1), "another query");
        assertBad(() -> Cursor.decode("chain\norders#0\n0\n9\n2", c, 3), "not a cursor");
        assertBad(() -> Cursor.decode("s", "%%%", 1), "base64url");
        assertBad(() -> Cursor.decode("s", "A".repeat(2000), 1), "too long");
        String v2 = Base64.getUrlEncoder().encodeToString("c2\nx\n1".getBytes(StandardCharsets.UTF_8));
        assertBad(() -> Cursor.decode("s", v2, 1), "not a cursor");
        assertBad(() -> Cursor.number("-3"), "not a non-negative decimal");
        assertBad(() -> Cursor.number("x"), "not a non-negative decimal");
    }

    @Test
    void aPositionHasOneSpellingTheOneEncodeWrites() {
        assertThat(Cursor.number("0")).isZero();
        assertThat(Cursor.number("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        // Long.parseLong read each of these as a number.
        for (String other : List.of("+5", "05", "00", "\u0665", "\uff15")) {
            assertBad(() -> Cursor.number(other), "not a non-negative decimal");
        }
    }

    private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("BAD_CURSOR");
            assertThat(e.getMessage()).contains(why);
        });
    }
}
