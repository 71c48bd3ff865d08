package dev.writ.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A number with a fraction or an exponent reads as a {@code Double} only when that double's RFC 8785
 * canonical form stands for exactly the number written; otherwise as the {@code BigDecimal}
 * written, by each of {@link Json}'s readers, so that no reader takes {@code 120.000000000000001}
 * for the {@code 120} it is nearest to.
 */
class JsonNumbersTest {

    private static final List<Function<String, Object>> READERS = List.of(
            text -> Json.parse(text),
            text -> Json.parseObject("{\"n\":" + text + "}").get("n"),
            text -> Json.parseObject(("{\"n\":" + text + "}").getBytes(StandardCharsets.UTF_8)).get("n"),
            text -> Json.parseReadOnlyObject(("{\"n\":" + text + "}").getBytes(StandardCharsets.UTF_8)).get("n"));

    @ParameterizedTest
    @CsvSource({
            "0.1, 0.1",
            "120.50, 120.5",
            "1e2, 100",
            "1.2E+2, 120",
            "-0.0, -0.0",
            "120.00000000000001, 120.00000000000001",
            "1.5e-7, 1.5e-7",
            "1.5e21, 1.5e21",
            "0.1000000000000000000000, 0.1"})
    void aNumberItsCanonicalFormGivesBackIsTheDouble(String text, double expected) {
        for (Function<String, Object> reader : READERS) {
            assertThat(reader.apply(text)).as(text).isInstanceOf(Double.class).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"120.000000000000001", "0.30000000000000001", "9007199254740993.0", "1e400", "-1e400",
            "1e-400", "1152921504606846976.0"})
    void aNumberItsCanonicalFormDoesNotGiveBackIsTheDecimalWritten(String text) {
        for (Function<String, Object> reader : READERS) {
            assertThat(reader.apply(text)).as(text).isInstanceOf(BigDecimal.class)
                    .isEqualTo(new BigDecimal(text));
        }
    }

    @Test
    void integersStayTheSmallestIntegerClassThatHoldsThem() {
        assertThat(Json.parseObject("{\"a\":-0,\"b\":9007199254740993,\"c\":1" + "0".repeat(30) + "}"))
                .extracting(m -> m.get("a").getClass().getSimpleName(), m -> m.get("b").getClass().getSimpleName(),
                        m -> m.get("c").getClass().getSimpleName())
                .containsExactly("Integer", "Long", "BigInteger");
    }

    @ParameterizedTest
    @CsvSource({
            "0.1, true",
            "120.50, true",
            "0, true",
            "-0.0, true",
            "9007199254740992, true",
            "9007199254740994, true",
            "1152921504606847000, true",    // 2^60 as RFC 8785 prints it
            "1e+21, true",
            "120.000000000000001, false",
            "9007199254740993, false",      // printed 9007199254740992
            "1152921504606846976, false",   // 2^60 exactly, but printed 1152921504606847000
            "9223372036854775807, false",
            "1e400, false",
            "1e-400, false"})
    void exactMeansTheCanonicalFormStandsForTheNumber(String text, boolean exact) {
        assertThat(CanonicalJson.isExact(new BigDecimal(text))).as(text).isEqualTo(exact);
    }

    @Test
    void aDecimalIsWrittenBackAsWrittenNotRounded() {
        Map<String, Object> parsed = Json.parseObject("{\"amount\":120.000000000000001}");
        assertThat(Json.write(parsed)).isEqualTo("{\"amount\":120.000000000000001}");
    }
}
