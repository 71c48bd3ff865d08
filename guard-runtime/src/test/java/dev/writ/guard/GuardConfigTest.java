package dev.writ.guard;

import dev.writ.core.jose.SigningAlgorithm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardConfigTest {

    @TempDir
    Path dir;

    @Test
    void refusesToStartWithoutTrustedKeys() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(Map.of("WRIT_TRUSTED_ISSUERS", "iss")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRIT_TRUSTED_KEYS");
    }

    @Test
    void refusesToStartWithoutTrustedIssuers() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(Map.of("WRIT_TRUSTED_KEYS", "arn:aws:kms:x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRIT_TRUSTED_ISSUERS");
    }

    @Test
    void refusesBadNumbers() {
        assertThatThrownBy(() -> GuardConfig.fromEnvironment(Map.of("WRIT_TRUSTED_KEYS", "arn:aws:kms:x",
                "WRIT_TRUSTED_ISSUERS", "iss", "WRIT_CLOCK_SKEW_SECONDS", "-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRIT_CLOCK_SKEW_SECONDS");
        assertThatThrownBy(() -> GuardConfig.minimumRevisions("payments=x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRIT_MIN_BUNDLE_REVISION");
    }

    @Test
    void refusesAKeyRetryPeriodOutsideOneSecondToAMinute() {
        for (String bad : java.util.List.of("0", "61", "-1", "soon")) {
            assertThatThrownBy(() -> GuardConfig.fromEnvironment(Map.of("WRIT_TRUSTED_KEYS", "arn:aws:kms:x",
                    "WRIT_TRUSTED_ISSUERS", "iss", "WRIT_KEY_RETRY_AFTER_SECONDS", bad)))
                    .as(bad).isInstanceOf(IllegalStateException.class).hasMessageContaining("WRIT_KEY_RETRY_AFTER_SECONDS");
        }
        for (String good : java.util.List.of("1", "60", " ")) {
            assertThat(GuardConfig.fromEnvironment(Map.of("WRIT_TRUSTED_KEYS", "arn:aws:kms:x",
                    "WRIT_TRUSTED_ISSUERS", "iss", "WRIT_KEY_RETRY_AFTER_SECONDS", good)).verifier).as(good).isNotNull();
        }
    }

    @Test
    void readsMinimumRevisions() {
        assertThat(GuardConfig.minimumRevisions("3")).containsEntry("*", 3L);
        assertThat(GuardConfig.minimumRevisions("payments-api=7, other=2")).containsEntry("payments-api", 7L)
                .containsEntry("other", 2L);
    }

    @Test
    void guardsWithALocalJwksFromTheEnvironment() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(
                Fixtures.key(dev.writ.core.jose.SigningAlgorithm.ES256).toPublicJWK()).toString());
        GuardConfig config = GuardConfig.fromEnvironment(Map.of("WRIT_TRUSTED_JWKS", jwks.toString(),
                "WRIT_TRUSTED_ISSUERS", Fixtures.ISSUER, "WRIT_MAX_LIFETIME_SECONDS", "120"));
        assertThat(config.verifier.replayStore()).isEmpty();
        assertThat(config.functionName).isNull();
    }
}
