package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.NoteVerdict;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.audit.tlog.TlogFormatException;
import dev.writ.guard.lineage.LineageRecord;
import java.time.Clock;
import java.util.Optional;

/**
 * The witness requirement on a lineage table: the newest checkpoint record must be the last leaf
 * of a log checkpoint signed by the checkpoint key and cosigned by at least
 * {@code witnessesRequired} of the trusted witnesses, whose root is the tree over the checkpoint
 * records as stored. A checkpoint the witnesses never saw (a key holder's private checkpoint, a
 * run whose witnesses refused) is {@code NOT_COSIGNED}; checkpoint records replaced or deleted
 * behind a cosigned log are {@code LOG_MISMATCH}. With a trusted write-once copy at least as new
 * as the table's newest checkpoint, the copy's checkpoint and log checkpoint are the newest.
 */
final class CosignedLog {
    private CosignedLog() {
    }

    /** The verdict, a cosignature dated too far ahead of {@code clock} not counting. */
    static ChainVerdict verify(LineageAudit audit, TrustPolicy trust, Clock clock) {
        String chain = LineageRecord.CHECKPOINT_CHAIN;
        Optional<LineageRecord> head = audit.store().head(chain).or(() -> audit.copy().map(CheckpointCopy::record));
        if (head.isEmpty()) {
            return fault(0, ChainVerdict.ReasonCode.NOT_COSIGNED, "no checkpoint record");
        }
        long seq = head.get().seq();
        Optional<String> logNote = audit.state().logAt(seq).map(CheckpointState.LogEntry::note);
        Optional<CheckpointCopy> copy = audit.copy().filter(c -> c.record().seq() >= head.get().seq());
        if (copy.isPresent()) { // the write-once copy is newer: hold the table to what the witnesses cosigned then
            seq = copy.get().record().seq();
            logNote = Optional.of(copy.get().logNote());
        }
        if (logNote.isEmpty()) {
            // Checkpoints written before log checkpoints existed (v1) have none: the signer's next run logs them all.
            return fault(seq, ChainVerdict.ReasonCode.NOT_COSIGNED, "no log checkpoint is stored with the newest checkpoint"
                    + " (written before log checkpoints, or not by the signer): run the checkpoint signer once (its next"
                    + " scheduled run), which logs every checkpoint record so far, then verify again");
        }
        SignedNote note;
        TlogCheckpoint log;
        try {
            note = SignedNote.parse(logNote.get());
            log = TlogCheckpoint.parse(note.text());
        } catch (TlogFormatException e) {
            return fault(seq, ChainVerdict.ReasonCode.NOT_COSIGNED, "the stored log checkpoint is malformed: " + e.getMessage());
        }
        NoteVerdict v = note.verify(trust.logVerifiers());
        if (!v.isVerified() || !v.verifiedBy().contains(trust.checkpointKey()) || !log.origin().equals(trust.origin())
                || log.treeSize() != seq + 1) {
            return fault(seq, ChainVerdict.ReasonCode.NOT_COSIGNED, "the stored log checkpoint is not the trusted origin's log at size "
                    + (seq + 1) + " signed by the checkpoint key (" + v.detail() + ")");
        }
        TrustPolicy.Cosigners cosigners = trust.cosigners(note, v, clock.instant());
        if (cosigners.counted().size() < trust.witnessesRequired()) {
            return fault(seq, ChainVerdict.ReasonCode.NOT_COSIGNED, "the newest checkpoint is cosigned by " + cosigners.counted()
                    + ", " + trust.witnessesRequired() + " of the trusted witnesses required" + cosigners.aheadDetail());
        }
        Optional<MerkleFrontier> stored = audit.trees().frontier(chain, Optional.empty(), log.treeSize(), Optional.empty());
        if (stored.isEmpty() || !stored.get().rootHash().equals(log.rootHash())) {
            return fault(seq, ChainVerdict.ReasonCode.LOG_MISMATCH, "the checkpoint records 0 to " + seq
                    + " are not the log the witnesses cosigned (root " + log.rootHash().base64() + ")");
        }
        return new ChainVerdict(chain, log.treeSize(), Optional.empty(), Optional.empty());
    }

    private static ChainVerdict fault(long seq, ChainVerdict.ReasonCode reason, String detail) {
        return new ChainVerdict(LineageRecord.CHECKPOINT_CHAIN, 0, Optional.empty(), Optional.of(new ChainVerdict.Fault(seq, reason, detail)));
    }
}
