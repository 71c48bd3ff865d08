package dev.writ.guard.lineage;

/** Appends lineage records for the guard; implementations must be thread-safe. */
public interface LineageRecorder {
    /** Appends and returns the stored record (with chain, seq, prev, hash filled), or throws LineageUnavailableException when it cannot be written within bounds. */
    LineageRecord append(LineageRecord.Draft draft);
}
