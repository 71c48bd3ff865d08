package dev.writ.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    private static final Variable SHARDS = Variable.of("WRIT_X_SHARDS", "WRIT_SHARDS");
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    private Environment env(Map<String, String> vars) {
        return Environment.of(vars, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBlankValueIsUnsetAndValuesAreStripped() {
        assertThat(env(Map.of("WRIT_X_SHARDS", "  ")).string(SHARDS)).isEmpty();
        assertThat(env(Map.of("WRIT_X_SHARDS", " 4 ")).string(SHARDS)).contains("4");
        assertThatThrownBy(() -> env(Map.of()).required(SHARDS))
                .isInstanceOf(ConfigurationException.class).hasMessage("WRIT_X_SHARDS is not set")
                .extracting(e -> ((ConfigurationException) e).variable()).isEqualTo("WRIT_X_SHARDS");
    }

    @Test
    void theDeprecatedNameIsReadWithOneWarningPerEnvironment() {
        Environment env = env(Map.of("WRIT_SHARDS", "8"));
        assertThat(env.number(SHARDS, 4, 1, 16)).isEqualTo(8);
        assertThat(env.string(SHARDS)).contains("8");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEqualTo("{\"writ\":\"config\",\"level\":\"WARN\",\"message\":"
                + "\"WRIT_SHARDS is deprecated; set WRIT_X_SHARDS instead\"}" + System.lineSeparator());
    }

    @Test
    void bothNamesAgreeingIsFineButDisagreeingIsAnError() {
        assertThat(env(Map.of("WRIT_X_SHARDS", "8", "WRIT_SHARDS", "8")).string(SHARDS)).contains("8");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThatThrownBy(() -> env(Map.of("WRIT_X_SHARDS", "8", "WRIT_SHARDS", "9")).string(SHARDS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("WRIT_X_SHARDS and its deprecated name WRIT_SHARDS are both set, to different values");
    }

    @Test
    void numbersAreWholeAndInRange() {
        assertThat(env(Map.of()).number(SHARDS, 4, 1, 16)).isEqualTo(4);
        assertThatThrownBy(() -> env(Map.of("WRIT_X_SHARDS", "four")).number(SHARDS, 4, 1, 16))
                .hasMessage("WRIT_X_SHARDS must be a whole number from 1 to 16");
        assertThatThrownBy(() -> env(Map.of("WRIT_X_SHARDS", "17")).number(SHARDS, 4, 1, 16))
                .hasMessage("WRIT_X_SHARDS must be from 1 to 16, not 17");
        assertThatThrownBy(() -> env(Map.of("WRIT_X_SHARDS", "1.5")).number(SHARDS, 4, 1, 16))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aListNamingAnItemTwiceIsRefusedNamingTheRepeat() {
        // Stripped before they compare: " a" and "a " are the same item.
        assertThatThrownBy(() -> env(Map.of("WRIT_X_SHARDS", " a, ,b ,a")).list(SHARDS))
                .isInstanceOf(ConfigurationException.class).hasMessage("WRIT_X_SHARDS lists a twice")
                .satisfies(e -> assertThat(((ConfigurationException) e).variable()).isEqualTo("WRIT_X_SHARDS"));
    }

    @Test
    void listsAndChoices() {
        assertThat(env(Map.of("WRIT_X_SHARDS", " b, ,a ,c")).list(SHARDS)).containsExactly("b", "a", "c");
        assertThat(env(Map.of()).list(SHARDS)).isEmpty();
        assertThat(env(Map.of()).choice(SHARDS, "kms", Set.of("kms", "local"))).isEqualTo("kms");
        assertThatThrownBy(() -> env(Map.of("WRIT_X_SHARDS", "hmac")).choice(SHARDS, "kms", Set.of("kms")))
                .hasMessage("WRIT_X_SHARDS must be one of [kms], not hmac");
    }
}
