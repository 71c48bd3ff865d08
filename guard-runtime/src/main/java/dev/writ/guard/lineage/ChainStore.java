package dev.writ.guard.lineage;

import java.util.Iterator;
import java.util.Optional;

/** Where chains live. The seam between the append/verify algorithms and DynamoDB. */
interface ChainStore {

    /** The record with the highest seq of {@code chain}, read strongly consistently; empty for a new chain. */
    Optional<LineageRecord> head(String chain);

    /**
     * Writes {@code record} only if its (chain, seq) is free. Returns empty when written, or the
     * record already stored at that seq (the winner of the race). Never overwrites.
     */
    Optional<LineageRecord> putIfAbsent(LineageRecord record);

    /** Streams {@code chain} in ascending seq order, page by page. */
    Iterator<LineageRecord> records(String chain);
}
