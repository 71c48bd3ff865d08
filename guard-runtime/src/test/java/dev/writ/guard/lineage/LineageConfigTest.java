package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageConfigTest {
    @Test
    void defaultsWithoutVariables() {
        LineageConfig c = LineageConfig.builder(Environment.of(Map.of())).build();
        assertThat(c.table()).isEqualTo("writ-lineage");
        assertThat(c.shards()).isEqualTo(4);
        assertThat(c.shard()).isBetween(0, 3);
        assertThat(c.chainFor("orders")).isEqualTo("orders#" + c.shard());
    }

    @Test
    void readsWritLineageVariables() {
        LineageConfig c = LineageConfig.builder(Environment.of(Map.of("WRIT_LINEAGE_TABLE", "t1", "WRIT_LINEAGE_SHARDS", "16",
                "WRIT_LINEAGE_SHARD", "15", "WRIT_LINEAGE_MAX_ATTEMPTS", "2", "WRIT_LINEAGE_MAX_CONFLICTS", "9"))).build();
        assertThat(c.table()).isEqualTo("t1");
        assertThat(c.chainFor("orders")).isEqualTo("orders#15");
        assertThat(c.maxAttempts()).isEqualTo(2);
        assertThat(c.maxConflicts()).isEqualTo(9);
    }

    @Test
    void refusesBadValuesAtStartUpRatherThanFallingBack() {
        assertThatThrownBy(() -> LineageConfig.builder(Environment.of(Map.of("WRIT_LINEAGE_SHARDS", "four"))).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_LINEAGE_SHARDS");
        assertThatThrownBy(() -> LineageConfig.builder(Environment.of(Map.of("WRIT_LINEAGE_SHARDS", "0"))).build())
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> LineageConfig.builder(Environment.of(Map.of("WRIT_LINEAGE_SHARD", "4"))).build())
                .isInstanceOf(ConfigurationException.class);
    }
}
