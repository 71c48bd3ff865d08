package dev.writ.guard.lineage;

import java.util.ArrayList;
import java.util.List;

/** Appends lineage records for the guard, one or several at a time; implementations must be thread-safe. */
public interface LineageRecorder {
    /** Appends and returns the stored record (with chain, seq, prev, hash filled), or throws LineageUnavailableException when it cannot be written within bounds. */
    LineageRecord append(LineageRecord.Draft draft);

    /**
     * Appends the drafts in order and returns the stored records in the same order. This default
     * appends them one by one; {@link LineageWriter} writes each chain's records in one request.
     * When it throws {@link LineageUnavailableException}, its {@code appended()} are the records
     * known to be stored; the later drafts were not written, except that the request that failed
     * may have landed unseen when its response was lost (as with {@link #append}).
     */
    default List<LineageRecord> appendAll(List<LineageRecord.Draft> drafts) {
        List<LineageRecord> stored = new ArrayList<>(drafts.size());
        for (LineageRecord.Draft d : drafts) {
            try {
                stored.add(append(d));
            } catch (LineageUnavailableException e) {
                throw e.after(stored);
            }
        }
        return stored;
    }
}
