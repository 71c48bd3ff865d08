package dev.writ.audit.tlog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying a signed note against known keys: verified with the keys whose
 * signatures verified, or refused with one {@link Reason} and a detail.
 */
public record NoteVerdict(Optional<Reason> failure, String detail, List<NoteVerifier> verifiedBy) {

    /** Why a note was refused (c2sp.org/signed-note's rules for verifiers). */
    public enum Reason {
        /** No signature line by a known key: the text must be ignored. */
        NO_KNOWN_SIGNATURE,
        /** A line whose key name and ID are a known key's does not verify: the whole note is refused. */
        BAD_SIGNATURE
    }

    public NoteVerdict {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        verifiedBy = List.copyOf(verifiedBy);
    }

    static NoteVerdict ok(List<NoteVerifier> verifiedBy) {
        return new NoteVerdict(Optional.empty(), "verified by " + verifiedBy.size() + " known key(s)", verifiedBy);
    }

    static NoteVerdict refused(Reason reason, String detail) {
        return new NoteVerdict(Optional.of(reason), detail, List.of());
    }

    public boolean isVerified() {
        return failure.isEmpty();
    }

    @Override
    public String toString() {
        return failure.map(Enum::name).orElse("VERIFIED") + ": " + detail;
    }
}
