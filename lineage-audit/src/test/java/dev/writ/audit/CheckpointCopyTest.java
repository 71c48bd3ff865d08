package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import org.junit.jupiter.api.Test;

/** The copy format: written and read back exactly; anything else refused with what is wrong. */
class CheckpointCopyTest {
    private final LineageRecord record = LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, 3, LineageHash.ZERO_HEX,
            LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(1_700_000_000_000L).note("a note\n\n— k AAAA\n").build());

    @Test
    void roundTrips() {
        CheckpointCopy copy = new CheckpointCopy(record, "log\n\n— k AAAA\n");
        assertThat(CheckpointCopy.parse(copy.toJson())).isEqualTo(copy);
        assertThat(copy.toJson()).startsWith("{\"format\":\"writ-checkpoint-copy/v1\",\"log\":");
    }

    @Test
    void refusesOtherShapes() {
        String good = new CheckpointCopy(record, "log").toJson();
        assertThatThrownBy(() -> CheckpointCopy.parse(good.substring(0, good.length() - 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one JSON object");
        assertThatThrownBy(() -> CheckpointCopy.parse(good.replace("writ-checkpoint-copy/v1", "v2"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly format");
        assertThatThrownBy(() -> CheckpointCopy.parse(good.replace("{\"format\"", "{\"extra\":1,\"format\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly format");
        assertThatThrownBy(() -> CheckpointCopy.parse(good.replace("\"seq\":3", "\"seq\":\"3\""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the copy's record");
        assertThatThrownBy(() -> CheckpointCopy.parse(good.replace("\"seq\":3", "\"seq\":1e400"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the copy's record");
        LineageRecord other = LineageRecord.seal("orders#0", 0, LineageHash.ZERO_HEX,
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1L).function("orders").build());
        assertThatThrownBy(() -> new CheckpointCopy(other, "log")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chain checkpoint");
    }
}
