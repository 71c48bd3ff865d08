package dev.writ.guard.writ;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
