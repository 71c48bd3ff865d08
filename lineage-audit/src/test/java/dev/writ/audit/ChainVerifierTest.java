package dev.writ.audit;

import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.MalformedRecordException;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
    private static final String CHAIN = "orders#0";

    static List<LineageRecord> chain(int n) {
        List<LineageRecord> out = new ArrayList<>();
        String prev = LineageHash.ZERO_HEX;
        for (int i = 0; i < n; i++) {
            LineageRecord r = LineageRecord.seal(CHAIN, i, prev, LineageRecord.draft(LineageRecord.Type.OUTCOME)
                    .ts(1000 + i).function("orders").execId("e" + i).decision("allow").build());
            out.add(r);
            prev = r.hash();
        }
        return out;
    }

    private static ChainVerdict verify(List<LineageRecord> records, Anchor anchor) {
        return ChainVerifier.verify(CHAIN, records.iterator(), anchor, VerifyProgress.none());
    }

    /** A checkpoint signed at {@code ts} that pins {@code heads}. */
    static Anchor checkpoint(long ts, ChainHead... heads) {
        return Anchor.of(new CheckpointNote.Contents(2, "writ-lineage", ts, List.of(heads), java.util.Map.of()));
    }

    private static LineageRecord next(List<LineageRecord> chain, long ts) {
        LineageRecord last = chain.get(chain.size() - 1);
        return LineageRecord.seal(CHAIN, last.seq() + 1, last.hash(),
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(ts).function("orders").execId("late").build());
    }

    private static void assertFault(ChainVerdict v, long seq, ChainVerdict.ReasonCode reason) {
        assertThat(v.intact()).isFalse();
        assertThat(v.fault()).get().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.seq()).isEqualTo(seq);
        });
    }

    @Test
    void treeRootTheCheckpointSignsIsCheckedAtThePinnedHead() {
        List<LineageRecord> c = chain(10);
        List<dev.writ.audit.merkle.MerkleHash> leaves = c.subList(0, 7).stream().map(Leaves::of).toList();
        dev.writ.audit.merkle.MerkleHash root = dev.writ.audit.merkle.MerkleTree.of(leaves).rootHash();
        ChainHead pinned = ChainHead.of(c.get(6));
        Anchor right = Anchor.of(new CheckpointNote.Contents(2, "writ-lineage", 1006, List.of(pinned), java.util.Map.of(CHAIN, root)));
        assertThat(verify(c, right).intact()).isTrue();
        // A signed root over other leaves (here: one leaf short) is a checkpoint that does not commit to this chain.
        dev.writ.audit.merkle.MerkleHash other = dev.writ.audit.merkle.MerkleTree.of(leaves.subList(0, 6)).rootHash();
        Anchor wrong = Anchor.of(new CheckpointNote.Contents(2, "writ-lineage", 1006, List.of(pinned), java.util.Map.of(CHAIN, other)));
        assertFault(verify(c, wrong), 6, ChainVerdict.ReasonCode.CHECKPOINT_MISMATCH);
    }

    @Test
    void intactChainVerifiesAndReportsItsHead() {
        List<LineageRecord> c = chain(10);
        ChainVerdict v = verify(c, checkpoint(1009, ChainHead.of(c.get(9))));
        assertThat(v.intact()).isTrue();
        assertThat(v.recordsVerified()).isEqualTo(10);
        assertThat(v.head()).contains(ChainHead.of(c.get(9)));
    }

    @Test
    void editedMiddleRecordIsAHashMismatchAtItsSeq() {
        List<LineageRecord> c = chain(10);
        c.set(5, LineageRecord.fromJson(c.get(5).toJson().replace("\"allow\"", "\"deny\"")));
        assertFault(verify(c, Anchor.none()), 5, ChainVerdict.ReasonCode.HASH_MISMATCH);
    }

    @Test
    void resealedEditBreaksTheNextLink() {
        List<LineageRecord> c = chain(10);
        LineageRecord.Draft forged = LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1005).function("orders").decision("deny").build();
        c.set(5, LineageRecord.seal(CHAIN, 5, c.get(4).hash(), forged));
        assertFault(verify(c, Anchor.none()), 6, ChainVerdict.ReasonCode.BROKEN_LINK);
    }

    @Test
    void deletedMiddleRecordIsAGapAtItsSeq() {
        List<LineageRecord> c = chain(10);
        c.remove(5);
        assertFault(verify(c, Anchor.none()), 5, ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void deletedLastButOneRecordIsAGapEvenAtTheEnd() {
        List<LineageRecord> c = chain(10);
        c.remove(8);
        assertFault(verify(c, Anchor.none()), 8, ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void swappedRecordsAreReorderedAtTheFirstSeq() {
        List<LineageRecord> c = chain(10);
        LineageRecord three = c.get(3);
        c.set(3, c.get(4));
        c.set(4, three);
        assertFault(verify(c, Anchor.none()), 3, ChainVerdict.ReasonCode.REORDERED);
    }

    @Test
    void duplicatedSeqIsReported() {
        List<LineageRecord> c = chain(10);
        c.add(5, c.get(4));
        assertFault(verify(c, Anchor.none()), 4, ChainVerdict.ReasonCode.DUPLICATE);
    }

    @Test
    void truncatedTailAfterCheckpointIsNamed() {
        List<LineageRecord> c = chain(10);
        Anchor cp = checkpoint(1009, ChainHead.of(c.get(9)));
        assertThat(verify(c, cp).intact()).isTrue();
        assertFault(verify(c.subList(0, 7), cp), 7, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
        assertFault(verify(List.of(), cp), 0, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
    }

    @Test
    void rewrittenTailIsNotTheCheckpointedRecord() {
        List<LineageRecord> c = chain(10);
        Anchor cp = checkpoint(1009, ChainHead.of(c.get(9)));
        List<LineageRecord> rewritten = new ArrayList<>(c.subList(0, 9));
        rewritten.add(LineageRecord.seal(CHAIN, 9, c.get(8).hash(),
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1).function("orders").build()));
        assertFault(verify(rewritten, cp), 9, ChainVerdict.ReasonCode.CHECKPOINT_MISMATCH);
    }

    @Test
    void unreadableRecordIsMalformedAtTheExpectedSeq() {
        List<LineageRecord> c = chain(4);
        Iterator<LineageRecord> it = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 4;
            }

            @Override
            public LineageRecord next() {
                if (i++ == 2) {
                    throw new MalformedRecordException("hash is not a hex SHA-256");
                }
                return c.get(i - 1);
            }
        };
        assertFault(ChainVerifier.verify(CHAIN, it, Anchor.none(), VerifyProgress.none()), 2, ChainVerdict.ReasonCode.MALFORMED_RECORD);
    }

    @Test
    void unreadableItemThatNamesItsSeqIsMalformedAtThatSeqNotTheExpectedOne() {
        List<LineageRecord> c = chain(6);
        Iterator<LineageRecord> it = List.of(c.get(0), c.get(1)).iterator();
        Iterator<LineageRecord> withBadFifth = new Iterator<>() {
            boolean thrown;

            @Override
            public boolean hasNext() {
                return it.hasNext() || !thrown;
            }

            @Override
            public LineageRecord next() {
                if (it.hasNext()) {
                    return it.next();
                }
                thrown = true;
                // seq 2..4 were deleted; the item at seq 5 is unreadable but its key names it.
                throw new MalformedRecordException("unknown attribute admin").at(CHAIN, 5);
            }
        };
        assertFault(ChainVerifier.verify(CHAIN, withBadFifth, Anchor.none(), VerifyProgress.none()), 5, ChainVerdict.ReasonCode.MALFORMED_RECORD);
    }

    @Test
    void withAKeyButNoCheckpointNoChainIsIntact() {
        List<LineageRecord> c = chain(10);
        assertFault(verify(c, Anchor.missing()), 10, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertFault(verify(c.subList(0, 7), Anchor.missing()), 7, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertThat(verify(List.of(), Anchor.missing()).intact()).as("a chain with no records claims nothing").isTrue();
        assertThat(verify(c, Anchor.none()).intact()).as("without a key, links and hashes only").isTrue();
    }

    @Test
    void unpinnedChainWithARecordDatedBeforeTheCheckpointIsNotInCheckpoint() {
        List<LineageRecord> c = chain(3); // ts 1000..1002
        long margin = Anchor.MARGIN.toMillis();
        ChainHead elsewhere = new ChainHead("orders#1", 4, LineageHash.ZERO_HEX);
        assertFault(verify(c, checkpoint(1000 + margin + 1, elsewhere)), 0, ChainVerdict.ReasonCode.NOT_IN_CHECKPOINT);
        assertFault(verify(c, checkpoint(1002 + margin + 1, elsewhere)), 0, ChainVerdict.ReasonCode.NOT_IN_CHECKPOINT);
        assertThat(verify(c, checkpoint(1000 + margin, elsewhere)).intact()).as("within the margin").isTrue();
        assertThat(verify(c, checkpoint(999, elsewhere)).intact()).as("a chain begun after the checkpoint").isTrue();
    }

    @Test
    void recordAfterThePinnedHeadDatedBeforeTheCheckpointIsBackdated() {
        List<LineageRecord> c = chain(5); // ts 1000..1004
        long cpTs = 1_000_000;
        Anchor cp = checkpoint(cpTs, ChainHead.of(c.get(4)));
        List<LineageRecord> appended = new ArrayList<>(c);
        appended.add(next(appended, cpTs + 5));
        assertThat(verify(appended, cp).intact()).as("appended after the checkpoint").isTrue();
        appended.add(next(appended, cpTs - Anchor.MARGIN.toMillis()));
        assertThat(verify(appended, cp).intact()).as("within the margin").isTrue();
        appended.add(next(appended, cpTs - Anchor.MARGIN.toMillis() - 1));
        assertFault(verify(appended, cp), 7, ChainVerdict.ReasonCode.BACKDATED_AFTER_CHECKPOINT);
        assertThat(verify(c, cp).intact()).as("old records the checkpoint pins are fine").isTrue();
    }

    @Test
    void reportsProgressOnLongChains() {
        List<Long> seen = new ArrayList<>();
        ChainVerifier.verify(CHAIN, chain(2500).iterator(), Anchor.none(), (chain, n) -> seen.add(n));
        assertThat(seen).containsExactly(1000L, 2000L, 2500L);
    }

    @Test
    void verdictJsonNamesChainSeqAndReason() {
        List<LineageRecord> c = chain(3);
        c.remove(1);
        assertThat(verify(c, Anchor.none()).toJson())
                .contains("\"chain\":\"orders#0\"").contains("\"seq\":1").contains("\"reason\":\"GAP\"");
    }
}
