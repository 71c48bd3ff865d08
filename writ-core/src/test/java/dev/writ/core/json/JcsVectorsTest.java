package dev.writ.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonicalizer we hash with reproduces RFC 8785's own test vectors byte for byte. */
class JcsVectorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"arrays", "french", "structures", "unicode", "values", "weird"})
    void canonicalFormMatchesRfc8785Vector(String name) throws IOException {
        String input = new String(resource(name + ".input.json"), StandardCharsets.UTF_8);
        byte[] expected = resource(name + ".output.json");
        byte[] expectedFromHex = HexFormat.of().parseHex(new String(resource(name + ".outhex.txt"), StandardCharsets.US_ASCII)
                .replaceAll("\\s", ""));

        JsonValue parsed = CanonicalJson.provider().createReader(new StringReader(input)).readValue();
        byte[] actual = CanonicalJson.utf8(parsed);
        assertThat(actual).isEqualTo(expected).isEqualTo(expectedFromHex);

        // The same bytes from what Writ's own strict parser reads (a payload a writ binds).
        byte[] fromOurParser = CanonicalJson.of(Json.parse(input)).getBytes(StandardCharsets.UTF_8);
        assertThat(fromOurParser).isEqualTo(expected);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JcsVectorsTest.class.getResourceAsStream("/jcs/" + name)) {
            assertThat(in).as("test vector %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
