package dev.writ.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CedarValuesTest {

    @Test
    void datetimesFollowTheirInstantEvenWhenTheLastOneIsReused() {
        Instant ten = Instant.parse("2026-11-23T10:00:00Z");
        Instant later = Instant.parse("2026-11-23T10:00:01.250Z");

        assertThat(CedarValues.of(ten, 0).toString()).isEqualTo("2026-11-23T10:00:00.000Z");
        assertThat(CedarValues.of(ten, 0)).isSameAs(CedarValues.of(Instant.parse("2026-11-23T10:00:00Z"), 0));
        assertThat(CedarValues.of(later, 0).toString()).isEqualTo("2026-11-23T10:00:01.250Z");
        assertThat(CedarValues.of(ten, 0).toString()).isEqualTo("2026-11-23T10:00:00.000Z");
    }
}
