package dev.writ.audit;

import dev.writ.audit.merkle.MerkleFrontier;
import dev.writ.audit.merkle.MerkleHash;
import dev.writ.audit.merkle.TreeGrowth;
import dev.writ.audit.tlog.AddCheckpointRequest;
import dev.writ.audit.tlog.NoteSignature;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.audit.witness.WitnessClient;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.StoreCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Submits a freshly signed log checkpoint to each configured witness (c2sp.org/tlog-witness) and
 * gathers their cosignatures. The first request claims the witness holds the previous log size;
 * a 409 naming another size at or below the new one is answered once more with a consistency
 * proof from that size. A witness holding a larger size than the log now has saw a log this one
 * rolled back from: that, and every other refusal, is reported, never retried.
 */
final class LogWitnessing {
    private final List<WitnessClient> witnesses;
    private final CheckpointState state;
    private final ChainTrees trees;
    private final StoreCalls calls;

    LogWitnessing(List<WitnessClient> witnesses, CheckpointState state, ChainTrees trees, StoreCalls calls) {
        this.witnesses = List.copyOf(witnesses);
        this.state = state;
        this.trees = trees;
        this.calls = calls;
    }

    /** The log checkpoint, its note with every verified cosignature added, and the witnesses that did not cosign. */
    record Outcome(TlogCheckpoint log, String note, List<Checkpointer.WitnessRefusal> refusals) {
    }

    Outcome cosign(String signedNote, TlogCheckpoint log, long previousSize) {
        if (witnesses.isEmpty()) {
            return new Outcome(log, signedNote, List.of());
        }
        SignedNote note = SignedNote.parse(signedNote);
        List<NoteSignature> cosignatures = new ArrayList<>();
        List<Checkpointer.WitnessRefusal> refusals = new ArrayList<>();
        for (WitnessClient w : witnesses) {
            String name = w.key().keyName();
            long old = previousSize;
            for (int attempt = 0; ; attempt++) {
                Optional<List<MerkleHash>> proof = proof(old, log);
                if (proof.isEmpty()) {
                    refusals.add(new Checkpointer.WitnessRefusal(name, 0, "NO_PROOF",
                            "no consistency proof from size " + old + " to " + log.treeSize() + " can be built from the checkpoint chain"));
                    break;
                }
                WitnessClient.Reply reply = w.submit(new AddCheckpointRequest(old, proof.get(), note));
                if (reply instanceof WitnessClient.Cosigned c) {
                    cosignatures.add(c.cosignature().toNoteSignature());
                    break;
                }
                if (reply instanceof WitnessClient.Stale s) {
                    if (s.witnessSize() > log.treeSize()) {
                        refusals.add(new Checkpointer.WitnessRefusal(name, 409, "ROLLBACK", "the witness cosigned size "
                                + s.witnessSize() + " of this log, which now has " + log.treeSize() + ": checkpoints were removed"));
                        break;
                    }
                    if (attempt == 0 && s.witnessSize() != old) {
                        old = s.witnessSize();
                        continue;
                    }
                    refusals.add(new Checkpointer.WitnessRefusal(name, 409, "STALE", "the witness holds size " + s.witnessSize()));
                    break;
                }
                WitnessClient.Refused r = (WitnessClient.Refused) reply;
                refusals.add(new Checkpointer.WitnessRefusal(name, r.status(), r.status() == 0 ? "UNREACHABLE" : "REFUSED", r.detail()));
                break;
            }
        }
        return new Outcome(log, note.plus(cosignatures).format(), refusals);
    }

    /** The consistency proof from {@code oldSize} to the log checkpoint, grown from the log frontier stored at that size. */
    private Optional<List<MerkleHash>> proof(long oldSize, TlogCheckpoint log) {
        if (oldSize == 0) {
            return Optional.of(List.of());
        }
        if (oldSize > log.treeSize()) {
            return Optional.empty();
        }
        String chain = LineageRecord.CHECKPOINT_CHAIN;
        Optional<MerkleFrontier> stored = calls.call(chain, () -> state.logAt(oldSize - 1)).map(CheckpointState.LogEntry::frontier);
        Optional<TreeGrowth> growth = calls.call(chain, () -> trees.growth(chain, stored, oldSize,
                new ChainTrees.SignedRoot(log.treeSize(), log.rootHash())));
        return growth.map(g -> g.consistencyProof().path());
    }
}
