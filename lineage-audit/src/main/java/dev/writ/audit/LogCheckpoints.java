package dev.writ.audit;

import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.audit.tlog.TlogFormatException;
import java.util.Optional;

/**
 * The checkpoint log's C2SP tlog-checkpoint: {@code <origin>\n<size>\n<root base64>\n}, no
 * extension lines, signed by the checkpoint key. Leaf {@code i} of the log is the leaf hash of
 * the checkpoint chain's record at seq {@code i}.
 */
public final class LogCheckpoints {
    private LogCheckpoints() {
    }

    /** The log checkpoint in {@code note} when the note verifies with {@code key} and names {@code origin}. */
    public static Optional<TlogCheckpoint> verify(String note, CheckpointKey key, String origin) {
        return CheckpointNote.verifiedText(note, key).flatMap(text -> {
            try {
                TlogCheckpoint c = TlogCheckpoint.parse(text);
                return c.origin().equals(origin) && c.extensionLines().isEmpty() ? Optional.of(c) : Optional.empty();
            } catch (TlogFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** An origin as notes carry it: one non-empty token without spaces or control characters. */
    static String requireOrigin(String origin) {
        if (origin == null || origin.isEmpty() || origin.chars().anyMatch(c -> c <= 0x20)) {
            throw new IllegalArgumentException("a checkpoint origin is non-empty, without spaces or control characters: " + origin);
        }
        return origin;
    }
}
