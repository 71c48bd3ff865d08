package dev.writ.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardConfigTest {

    @TempDir
    Path dir;

    @Test
    void refusesToStartWithoutTrustedKeys() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_ISSUERS", "iss")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_GUARD_TRUSTED_KEYS");
    }

    @Test
    void refusesToStartWithoutTrustedIssuers() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_KEYS", "arn:aws:kms:x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_GUARD_TRUSTED_ISSUERS");
    }

    @Test
    void refusesBadNumbers() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_KEYS", "arn:aws:kms:x",
                "WRIT_GUARD_TRUSTED_ISSUERS", "iss", "WRIT_GUARD_CLOCK_SKEW_SECONDS", "-1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_GUARD_CLOCK_SKEW_SECONDS");
        assertThatThrownBy(() -> GuardConfig.minimumRevisions(Set.of("payments=x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_GUARD_MIN_BUNDLE_REVISION");
    }

    @Test
    void refusesAKeyRetryPeriodOutsideOneSecondToAMinute() {
        for (String bad : java.util.List.of("0", "61", "-1", "soon")) {
            assertThatThrownBy(() -> GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_KEYS", "arn:aws:kms:x",
                    "WRIT_GUARD_TRUSTED_ISSUERS", "iss", "WRIT_GUARD_KEY_RETRY_AFTER_SECONDS", bad)))
                    .as(bad).isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_GUARD_KEY_RETRY_AFTER_SECONDS");
        }
        for (String good : java.util.List.of("1", "60", " ")) {
            assertThat(GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_KEYS", "arn:aws:kms:x",
                    "WRIT_GUARD_TRUSTED_ISSUERS", "iss", "WRIT_GUARD_KEY_RETRY_AFTER_SECONDS", good)).verifier).as(good).isNotNull();
        }
    }

    @Test
    void readsMinimumRevisions() {
        assertThat(GuardConfig.minimumRevisions(Set.of("3"))).containsEntry("*", 3L);
        assertThat(GuardConfig.minimumRevisions(Set.of("payments-api=7", "other=2"))).containsEntry("payments-api", 7L)
                .containsEntry("other", 2L);
    }

    @Test
    void guardsWithALocalJwksFromTheEnvironment() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(
                Fixtures.key(dev.writ.core.jose.SigningAlgorithm.ES256).toPublicJWK()).toString());
        GuardConfig config = GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_JWKS", jwks.toString(),
                "WRIT_GUARD_TRUSTED_ISSUERS", Fixtures.ISSUER, "WRIT_GUARD_MAX_LIFETIME_SECONDS", "120"));
        assertThat(config.verifier.replayStore()).isEmpty();
        assertThat(config.functionName).isNull();
    }

    @Test
    void stillReadsThePre02NamesWithOneWarningEach() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        Environment env = Environment.of(Map.of("WRIT_TRUSTED_KEYS", "arn:aws:kms:x", "WRIT_TRUSTED_ISSUERS", "iss",
                "WRIT_CLOCK_SKEW_SECONDS", "5"), new PrintStream(warnings, true, StandardCharsets.UTF_8));
        GuardConfig config = GuardConfig.fromEnvironment(env);
        GuardConfig.fromEnvironment(env);
        assertThat(config.verifier.clockSkew()).hasSeconds(5);
        assertThat(warnings.toString(StandardCharsets.UTF_8).lines()).containsExactlyInAnyOrder(
                "{\"writ\":\"config\",\"level\":\"WARN\",\"message\":\"WRIT_TRUSTED_KEYS is deprecated; set WRIT_GUARD_TRUSTED_KEYS instead\"}",
                "{\"writ\":\"config\",\"level\":\"WARN\",\"message\":\"WRIT_TRUSTED_ISSUERS is deprecated; set WRIT_GUARD_TRUSTED_ISSUERS instead\"}",
                "{\"writ\":\"config\",\"level\":\"WARN\",\"message\":\"WRIT_CLOCK_SKEW_SECONDS is deprecated; set WRIT_GUARD_CLOCK_SKEW_SECONDS instead\"}");
    }

    @Test
    void refusesTheOldAndTheNewNameWithDifferentValues() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(env("WRIT_GUARD_TRUSTED_KEYS", "arn:aws:kms:x",
                "WRIT_GUARD_TRUSTED_ISSUERS", "iss", "WRIT_TRUSTED_ISSUERS", "other")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("WRIT_GUARD_TRUSTED_ISSUERS and its deprecated name WRIT_TRUSTED_ISSUERS are both set, to different values");
    }

    private static Environment env(String... pairs) {
        Map<String, String> vars = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        return Environment.of(vars, new PrintStream(new ByteArrayOutputStream()));
    }
}
