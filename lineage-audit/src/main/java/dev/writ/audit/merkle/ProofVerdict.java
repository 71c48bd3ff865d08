package dev.writ.audit.merkle;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of checking an inclusion or consistency proof: verified, or refused with one
 * {@link Reason} and a detail for reports. A value, not an exception: a bad proof is an expected
 * finding of an audit.
 */
public record ProofVerdict(Optional<Reason> failure, String detail) {

    /** Why a proof was refused. */
    public enum Reason {
        /** The leaf index is not below the tree size. */
        INDEX_BEYOND_SIZE,
        /** The first tree of a consistency proof is larger than the second (a rollback). */
        SIZES_REVERSED,
        /**
         * A consistency proof from the empty tree: it proves nothing (the empty tree is consistent
         * with every tree, so C2SP tlog-witness takes old size 0 without a proof, a protocol matter).
         */
        EMPTY_FIRST_TREE,
        /** More proof hashes than the sizes call for (RFC 9162: {@code sn} reached 0 with hashes left). */
        PROOF_TOO_LONG,
        /** Fewer proof hashes than the sizes call for (RFC 9162: {@code sn} is not 0 at the end). */
        PROOF_TOO_SHORT,
        /** The inclusion path leads to another root: the leaf is not at that index in that tree. */
        ROOT_MISMATCH,
        /** The consistency proof does not rebuild the first tree's root. */
        FIRST_ROOT_MISMATCH,
        /** The consistency proof does not rebuild the second tree's root (for equal sizes: the roots differ, a fork). */
        SECOND_ROOT_MISMATCH
    }

    public ProofVerdict {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
    }

    static ProofVerdict ok() {
        return new ProofVerdict(Optional.empty(), "verified");
    }

    static ProofVerdict refused(Reason reason, String detail) {
        return new ProofVerdict(Optional.of(reason), detail);
    }

    /** True when the proof verified. */
    public boolean isVerified() {
        return failure.isEmpty();
    }

    @Override
    public String toString() {
        return failure.map(Enum::name).orElse("VERIFIED") + ": " + detail;
    }
}
