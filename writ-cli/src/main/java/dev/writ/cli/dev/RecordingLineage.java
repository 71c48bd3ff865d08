package dev.writ.cli.dev;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes appends on to the real writers and remembers, per thread, which records one request
 * produced, so the demo table and the dev log can show each request's lineage {@code seq}s.
 * Appends are spread over the shard writers as Lambda containers would spread over shards.
 */
final class RecordingLineage implements LineageRecorder {
    private final List<? extends LineageRecorder> shards;
    private final AtomicInteger nextSlot = new AtomicInteger();
    // One thread behaves as one Lambda container: it keeps its shard; with as many threads as
    // shards, no two threads race for the same chain (as with one container per shard).
    private final ThreadLocal<Integer> slot;
    private final ThreadLocal<List<LineageRecord>> appended = ThreadLocal.withInitial(ArrayList::new);

    RecordingLineage(List<? extends LineageRecorder> shards) {
        this.shards = List.copyOf(shards);
        int n = this.shards.size();
        this.slot = ThreadLocal.withInitial(() -> Math.floorMod(nextSlot.getAndIncrement(), n));
    }

    @Override
    public LineageRecord append(LineageRecord.Draft draft) {
        LineageRecorder writer = shards.get(slot.get());
        LineageRecord stored = writer.append(draft);
        appended.get().add(stored);
        return stored;
    }

    /** Forgets what this thread appended so far. */
    void begin() {
        appended.get().clear();
    }

    /** What this thread appended since {@link #begin()}. */
    List<LineageRecord> drain() {
        List<LineageRecord> out = List.copyOf(appended.get());
        appended.get().clear();
        return out;
    }
}
