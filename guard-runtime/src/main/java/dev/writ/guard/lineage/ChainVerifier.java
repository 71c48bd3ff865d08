package dev.writ.guard.lineage;

import java.util.Iterator;
import java.util.Optional;

/**
 * Verifies one chain from seq 0: recomputes every hash, checks every prev link and the seq
 * sequence, and checks the chain against the head its latest signed checkpoint pins, so edits,
 * deletions, reordering and tail truncation are found and the first bad seq is named.
 * Streaming: reads the records once, in order, holding at most two.
 */
public final class ChainVerifier {
    private ChainVerifier() {
    }

    /**
     * @param records the chain in the order the source holds it; {@code next()} may throw
     *     {@link MalformedRecordException}, which is reported as {@code MALFORMED_RECORD}
     * @param checkpointed the head of this chain in the latest verified checkpoint, if any
     */
    public static ChainVerdict verify(String chain, Iterator<LineageRecord> records, Optional<ChainHead> checkpointed,
            VerifyProgress progress) {
        ChainWalk walk = new ChainWalk(chain, checkpointed, r -> Optional.empty(), progress);
        drain(walk, records);
        return walk.finish();
    }

    static void drain(ChainWalk walk, Iterator<LineageRecord> records) {
        while (!walk.failed() && records.hasNext()) {
            LineageRecord r;
            try {
                r = records.next();
            } catch (MalformedRecordException e) {
                walk.malformed(e.getMessage());
                return;
            }
            walk.accept(r);
        }
    }
}
