package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageRecord;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Where chains live. The seam between the append/verify algorithms and DynamoDB. */
public interface ChainStore {
    /** Records in one batch: DynamoDB's limit of items per {@code TransactWriteItems}. */
    int MAX_BATCH_RECORDS = 100;
    /**
     * Estimated item bytes in one batch: below DynamoDB's 4 MB per transaction, with room for what
     * the estimate ({@link LineageItems#itemBytes}) does not count.
     */
    long MAX_BATCH_BYTES = 4_000_000;

    /** The record with the highest seq of {@code chain}, read strongly consistently; empty for a new chain. */
    public Optional<LineageRecord> head(String chain);

    /**
     * Writes {@code record} only if its (chain, seq) is free. Returns empty when written, or the
     * record already stored at that seq (the winner of the race). Never overwrites.
     */
    public Optional<LineageRecord> putIfAbsent(LineageRecord record);

    /**
     * Writes {@code records} (consecutive seqs of one chain, each linked to the one before, at most
     * {@link #MAX_BATCH_RECORDS}) in one request, all or none, each only if its seq is free. Returns
     * empty when all were written, or the record stored at the lowest of their seqs that was taken.
     * Never overwrites, never writes part of the batch.
     */
    public Optional<LineageRecord> putAllIfAbsent(List<LineageRecord> records);

    /** The record stored at ({@code chain}, {@code seq}), read strongly consistently; empty when none is. */
    public Optional<LineageRecord> get(String chain, long seq);

    /** Streams {@code chain} in ascending seq order, page by page. */
    public Iterator<LineageRecord> records(String chain);
}
