package dev.writ.audit.witness;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.tlog.TlogCheckpoint;
import java.util.Objects;
import java.util.Optional;

/**
 * What a witness remembers per log (c2sp.org/tlog-witness): the size and root of the latest
 * checkpoint it cosigned. Advancing is a compare-and-set, so two requests racing from the same
 * old size cannot both be cosigned (the spec's rollback race).
 */
public interface WitnessState {

    /** The latest checkpoint cosigned for a log. */
    record Cosigned(long size, MerkleHash root) {
        public Cosigned {
            Objects.requireNonNull(root, "root");
        }
    }

    /** The latest checkpoint cosigned for {@code origin}; empty when none was. */
    Optional<Cosigned> latest(String origin);

    /**
     * Records {@code next} as {@code origin}'s latest, atomically, only if the stored latest is
     * still {@code expected} (empty: nothing stored). False, with nothing written, when it moved.
     */
    boolean advance(String origin, Optional<Cosigned> expected, TlogCheckpoint next);
}
