package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import java.util.Iterator;
import java.util.Optional;

/** Where chains live. The seam between the append/verify algorithms and DynamoDB. */
public interface ChainStore {

    /** The record with the highest seq of {@code chain}, read strongly consistently; empty for a new chain. */
    public Optional<LineageRecord> head(String chain);

    /**
     * Writes {@code record} only if its (chain, seq) is free. Returns empty when written, or the
     * record already stored at that seq (the winner of the race). Never overwrites.
     */
    public Optional<LineageRecord> putIfAbsent(LineageRecord record);

    /** Streams {@code chain} in ascending seq order, page by page. */
    public Iterator<LineageRecord> records(String chain);
}
