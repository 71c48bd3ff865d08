package dev.writ.audit.witness;

import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.ProofVerdict;
import dev.writ.audit.tlog.AddCheckpointRequest;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.NoteVerdict;
import dev.writ.audit.tlog.NoteVerifier;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.audit.tlog.TlogFormatException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A C2SP tlog-witness (c2sp.org/tlog-witness) {@code add-checkpoint}: cosigns a log's checkpoint
 * only when it is signed by the log's key and consistent with the latest checkpoint it cosigned
 * for that log, persisting the new latest atomically before answering. So it never cosigns a
 * rollback (an old size below what it holds), a fork (its size with another root) or a jump
 * without a consistency proof; a log that shows different views to different parties is caught
 * by the first witness that saw the other view.
 */
public final class Witness {
    /** The tlog-witness content type of a 409 body: the witness's latest size for the log. */
    public static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

    private final CosignatureSigner signer;
    private final Map<String, NoteVerifier> logs;
    private final WitnessState state;
    private final Clock clock;

    /**
     * @param logs each log this witness follows: its origin and the key its checkpoints are signed with
     */
    public Witness(CosignatureSigner signer, Map<String, NoteVerifier> logs, WitnessState state, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.logs = Map.copyOf(logs);
        this.state = Objects.requireNonNull(state, "state");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Why a checkpoint was not cosigned, with the HTTP status tlog-witness gives it. */
    public enum Refusal {
        /** The body is not an add-checkpoint request (its format rule in the detail). */
        MALFORMED(400),
        /** The old size is above the checkpoint's size. */
        OLD_SIZE_ABOVE_NEW(400),
        /** The signature lines verify with no key this witness holds for the origin (or one by its key fails). */
        NOT_SIGNED_BY_LOG(403),
        /** The origin is not a log this witness follows. */
        UNKNOWN_LOG(404),
        /** The old size is not the size this witness last cosigned (the body says which): a rollback, or a stale client. */
        STALE_OLD_SIZE(409),
        /** A size-0 checkpoint without the empty tree's root, or a proof with old size 0. */
        BAD_EMPTY_TREE(422),
        /** The same size as the one cosigned, with another root: the log forked. */
        FORK(422),
        /** The consistency proof does not lead from the cosigned root to the new one. */
        INCONSISTENT(422);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The answer to one request: 200 with the cosignature line(s), or a refusal with its status and body. */
    public record Answer(int status, String contentType, String body, Optional<Refusal> refusal) {
        static Answer refused(Refusal r, String detail) {
            return new Answer(r.status(), "text/plain; charset=utf-8", detail + "\n", Optional.of(r));
        }

        public boolean cosigned() {
            return refusal.isEmpty();
        }
    }

    /** Handles one {@code POST add-checkpoint} body. */
    public Answer addCheckpoint(byte[] body) {
        AddCheckpointRequest request;
        TlogCheckpoint next;
        try {
            request = AddCheckpointRequest.parse(body);
            next = request.checkpoint();
        } catch (TlogFormatException e) {
            return Answer.refused(Refusal.MALFORMED, e.getMessage());
        }
        NoteVerifier logKey = logs.get(next.origin());
        if (logKey == null) {
            return Answer.refused(Refusal.UNKNOWN_LOG, "not a log this witness follows: " + next.origin());
        }
        NoteVerdict signed = request.checkpointNote().verify(List.of(logKey));
        if (!signed.isVerified()) {
            return Answer.refused(Refusal.NOT_SIGNED_BY_LOG, signed.detail());
        }
        if (request.oldSize() > next.treeSize()) {
            return Answer.refused(Refusal.OLD_SIZE_ABOVE_NEW, "old size " + request.oldSize() + " is above the checkpoint's " + next.treeSize());
        }
        Optional<WitnessState.Cosigned> latest = state.latest(next.origin());
        Optional<Answer> inconsistent = consistency(request, next, latest);
        if (inconsistent.isPresent()) {
            return inconsistent.get();
        }
        if (!state.advance(next.origin(), latest, next)) {
            return stale(state.latest(next.origin()));
        }
        String line = signer.sign(next, clock.instant().getEpochSecond()).line();
        return new Answer(200, "text/plain; charset=utf-8", line + "\n", Optional.empty());
    }

    private static Optional<Answer> consistency(AddCheckpointRequest request, TlogCheckpoint next, Optional<WitnessState.Cosigned> latest) {
        long latestSize = latest.map(WitnessState.Cosigned::size).orElse(0L);
        if (request.oldSize() != latestSize) {
            return Optional.of(stale(latest));
        }
        if (next.treeSize() == 0 && !next.rootHash().equals(MerkleHash.emptyRoot())) {
            return Optional.of(Answer.refused(Refusal.BAD_EMPTY_TREE, "a checkpoint of size 0 carries the empty tree's root"));
        }
        if (request.oldSize() == 0) {
            return request.consistencyProof().isEmpty() ? Optional.empty()
                    : Optional.of(Answer.refused(Refusal.BAD_EMPTY_TREE, "old size 0 takes no consistency proof"));
        }
        MerkleHash cosignedRoot = latest.orElseThrow().root();
        if (next.treeSize() == latestSize && !next.rootHash().equals(cosignedRoot)) {
            return Optional.of(Answer.refused(Refusal.FORK, "size " + latestSize + " was cosigned with root " + cosignedRoot.base64()
                    + ", not " + next.rootHash().base64()));
        }
        ProofVerdict proof = request.toConsistencyProof().verify(cosignedRoot, next.rootHash());
        return proof.isVerified() ? Optional.empty() : Optional.of(Answer.refused(Refusal.INCONSISTENT, proof.toString()));
    }

    private static Answer stale(Optional<WitnessState.Cosigned> latest) {
        return new Answer(Refusal.STALE_OLD_SIZE.status(), SIZE_CONTENT_TYPE,
                latest.map(WitnessState.Cosigned::size).orElse(0L) + "\n", Optional.of(Refusal.STALE_OLD_SIZE));
    }
}
