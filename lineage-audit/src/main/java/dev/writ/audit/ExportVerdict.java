package dev.writ.audit;

import dev.writ.guard.lineage.internal.RecordJson;
import dev.writ.core.json.CanonicalJson;
import java.util.List;
import java.util.Objects;

/**
 * What verifying an export file found: one verdict per chain (the checkpoint chain first), and
 * the lines so malformed that they name no chain and seq, which no chain can be charged with.
 */
public record ExportVerdict(List<ChainVerdict> chains, List<UnreadableLine> unreadableLines) {
    public ExportVerdict {
        chains = List.copyOf(chains);
        unreadableLines = List.copyOf(unreadableLines);
    }

    /** True when every chain is intact and every line was a record. */
    public boolean intact() {
        return unreadableLines.isEmpty() && chains.stream().allMatch(ChainVerdict::intact);
    }

    /** A line that is not a JSON object naming a chain and seq, by its 1-based line number. */
    public record UnreadableLine(long line, String detail) {
        public UnreadableLine {
            Objects.requireNonNull(detail, "detail");
        }

        /** {@code {"detail":..,"intact":false,"line":N,"reason":"MALFORMED_RECORD"}}. */
        public String toJson() {
            return CanonicalJson.text(RecordJson.provider().createObjectBuilder()
                    .add("line", line).add("intact", false).add("reason", ChainVerdict.ReasonCode.MALFORMED_RECORD.name())
                    .add("detail", detail).build());
        }
    }
}
