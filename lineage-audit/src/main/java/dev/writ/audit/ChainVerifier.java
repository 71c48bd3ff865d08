package dev.writ.audit;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Verifies one chain from seq 0: recomputes every hash, checks every prev link and the seq
 * sequence, and checks the chain against its {@link Anchor} (the latest signed checkpoint), so
 * edits, deletions, reordering, tail truncation and backdated records are found and the first
 * bad seq is named. Streaming: reads the records once, in order, holding at most two.
 */
public final class ChainVerifier {
    private ChainVerifier() {
    }

    /**
     * @param records the chain in the order the source holds it; {@code next()} may throw
     *     {@link MalformedRecordException}, which is reported as {@code MALFORMED_RECORD}
     * @param anchor the latest verified checkpoint, or the lack of one
     */
    public static ChainVerdict verify(String chain, Iterator<LineageRecord> records, Anchor anchor, VerifyProgress progress) {
        return verify(chain, records, anchor, progress, r -> { });
    }

    /** As {@link #verify(String, Iterator, Anchor, VerifyProgress)}, handing each record that verified to {@code verified}. */
    public static ChainVerdict verify(String chain, Iterator<LineageRecord> records, Anchor anchor, VerifyProgress progress,
            Consumer<LineageRecord> verified) {
        ChainWalk walk = new ChainWalk(chain, anchor, observing(verified), progress);
        drain(walk, records);
        return walk.finish();
    }

    /** An extra check that finds nothing and tells {@code verified} of each record that reached it (it passed every other check). */
    static Function<LineageRecord, Optional<ChainVerdict.Fault>> observing(Consumer<LineageRecord> verified) {
        return r -> {
            verified.accept(r);
            return Optional.empty();
        };
    }

    static void drain(ChainWalk walk, Iterator<LineageRecord> records) {
        while (!walk.failed() && records.hasNext()) {
            LineageRecord r;
            try {
                r = records.next();
            } catch (MalformedRecordException e) {
                walk.malformed(e, "");
                return;
            }
            walk.accept(r);
        }
    }
}
