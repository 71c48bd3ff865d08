package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import java.util.Objects;

/** The last record of a chain as seen at some moment: what a checkpoint pins. */
public record ChainHead(String chain, long seq, String hash) {
    public ChainHead {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(hash, "hash");
    }

    public static ChainHead of(LineageRecord r) {
        return new ChainHead(r.chain(), r.seq(), r.hash());
    }
}
