package dev.writ.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numbers are printed as RFC 8785 §3.2.2.3 asks: ECMAScript's {@code Number.prototype.toString}
 * of the IEEE-754 double, checked against the RFC's Appendix B table (jcs/numbers.txt).
 */
class JcsNumberVectorsTest {

    static Stream<String[]> vectors() throws IOException {
        try (InputStream in = JcsNumberVectorsTest.class.getResourceAsStream("/jcs/numbers.txt")) {
            assertThat(in).as("jcs/numbers.txt").isNotNull();
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines().toList();
            return lines.stream().map(line -> line.split(",", 2)).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("vectors")
    void aDoubleIsPrintedAsEcmaScriptPrintsIt(String ieeeHex, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));
        if (expected.equals("null")) {
            assertThatThrownBy(() -> CanonicalJson.of(value)).isInstanceOf(JsonException.class)
                    .hasMessageStartingWith("no RFC 8785 canonical form");
            return;
        }
        assertThat(CanonicalJson.of(value)).isEqualTo(expected);
        assertThat(CanonicalJson.of(List.of(value))).isEqualTo("[" + expected + "]");
        // Read from 17 significant digits, a spelling that is exact but never the canonical one.
        String spelled = String.format(Locale.ROOT, "[%.16e]", value);
        var parsed = CanonicalJson.provider().createReader(new StringReader(spelled)).readValue();
        assertThat(CanonicalJson.text(parsed)).isEqualTo("[" + expected + "]");
        assertThat(CanonicalJson.of(Json.parse(spelled))).isEqualTo("[" + expected + "]");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1.5e-7, 1.5e-7",
            "1.5e21, 1.5e+21",
            "120.00000000000001, 120.00000000000001",
            "9007199254740993, 9007199254740992",
            "9223372036854775807, 9223372036854776000",
            "100000000000000000000000000001, 1e+29",
            "-0.0, 0",
            "1E2, 100"})
    void everyNumberIsTheDoubleItParsesTo(String spelled, String expected) {
        assertThat(CanonicalJson.of(Json.parse(spelled))).isEqualTo(expected);
    }

    @Test
    void aNumberBeyondTheDoubleRangeIsRefusedNotPrinted() {
        assertThatThrownBy(() -> CanonicalJson.of(Json.parse("[1e400]"))).isInstanceOf(JsonException.class)
                .hasMessageStartingWith("no RFC 8785 canonical form");
        assertThatThrownBy(() -> CanonicalJson.of(BigInteger.TEN.pow(400))).isInstanceOf(JsonException.class)
                .hasMessageStartingWith("no RFC 8785 canonical form");
    }
}
