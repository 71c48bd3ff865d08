package dev.writ.guard.writ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

class QueryHashTest {
    /** base64url SHA-256 of the empty string. */
    private static final String EMPTY = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";

    @Test
    void noQueryIsTheHashOfTheEmptyCanonicalFormWhicheverWayItArrives() {
        assertThat(QueryHash.ofRawQuery(null)).isEqualTo(EMPTY);
        assertThat(QueryHash.ofRawQuery("")).isEqualTo(EMPTY);
        assertThat(QueryHash.ofRawQuery("&&")).isEqualTo(EMPTY);
        assertThat(QueryHash.ofMultiValue(null)).isEqualTo(EMPTY);
        assertThat(QueryHash.ofMultiValue(Map.of())).isEqualTo(EMPTY);
    }

    @Test
    void orderAndEncodingDoNotMatterNamesValuesAndRepetitionsDo() {
        String hash = QueryHash.ofRawQuery("b=2&a=x%20y");
        assertThat(QueryHash.ofRawQuery("a=x+y&b=2")).isEqualTo(hash);
        assertThat(QueryHash.ofMultiValue(Map.of("b", List.of("2"), "a", List.of("x y")))).isEqualTo(hash);
        assertThat(hash).isNotEqualTo(EMPTY);
        assertThat(QueryHash.ofRawQuery("b=2&a=x%20y&b=2")).isNotEqualTo(hash);
        assertThat(QueryHash.ofRawQuery("b=3&a=x%20y")).isNotEqualTo(hash);
        assertThat(QueryHash.ofRawQuery("c=2&a=x%20y")).isNotEqualTo(hash);
    }

    @Test
    void everyCharacterIsEncodedAsSigV4EncodesIt() {
        // Unreserved characters skip the SDK's encoder; every other one goes through it.
        for (char c = 1; c < 0x180; c++) {
            String value = "v" + c;
            String canonical = "n=" + SdkHttpUtils.urlEncode(value);
            String expected = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
            assertThat(QueryHash.ofMultiValue(Map.of("n", List.of(value)))).as("character U+%04X", (int) c).isEqualTo(expected);
        }
    }
}
