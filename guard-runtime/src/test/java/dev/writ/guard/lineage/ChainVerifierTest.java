package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
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

    private static ChainVerdict verify(List<LineageRecord> records, Optional<ChainHead> cp) {
        return ChainVerifier.verify(CHAIN, records.iterator(), cp, VerifyProgress.none());
    }

    private static void assertFault(ChainVerdict v, long seq, ChainVerdict.Reason reason) {
        assertThat(v.intact()).isFalse();
        assertThat(v.fault()).get().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.seq()).isEqualTo(seq);
        });
    }

    @Test
    void intactChainVerifiesAndReportsItsHead() {
        List<LineageRecord> c = chain(10);
        ChainVerdict v = verify(c, Optional.of(ChainHead.of(c.get(9))));
        assertThat(v.intact()).isTrue();
        assertThat(v.recordsVerified()).isEqualTo(10);
        assertThat(v.head()).contains(ChainHead.of(c.get(9)));
    }

    @Test
    void editedMiddleRecordIsAHashMismatchAtItsSeq() {
        List<LineageRecord> c = chain(10);
        c.set(5, LineageRecord.fromJson(c.get(5).toJson().replace("\"allow\"", "\"deny\"")));
        assertFault(verify(c, Optional.empty()), 5, ChainVerdict.Reason.HASH_MISMATCH);
    }

    @Test
    void resealedEditBreaksTheNextLink() {
        List<LineageRecord> c = chain(10);
        LineageRecord.Draft forged = LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1005).function("orders").decision("deny").build();
        c.set(5, LineageRecord.seal(CHAIN, 5, c.get(4).hash(), forged));
        assertFault(verify(c, Optional.empty()), 6, ChainVerdict.Reason.BROKEN_LINK);
    }

    @Test
    void deletedMiddleRecordIsAGapAtItsSeq() {
        List<LineageRecord> c = chain(10);
        c.remove(5);
        assertFault(verify(c, Optional.empty()), 5, ChainVerdict.Reason.GAP);
    }

    @Test
    void deletedLastButOneRecordIsAGapEvenAtTheEnd() {
        List<LineageRecord> c = chain(10);
        c.remove(8);
        assertFault(verify(c, Optional.empty()), 8, ChainVerdict.Reason.GAP);
    }

    @Test
    void swappedRecordsAreReorderedAtTheFirstSeq() {
        List<LineageRecord> c = chain(10);
        LineageRecord three = c.get(3);
        c.set(3, c.get(4));
        c.set(4, three);
        assertFault(verify(c, Optional.empty()), 3, ChainVerdict.Reason.REORDERED);
    }

    @Test
    void duplicatedSeqIsReported() {
        List<LineageRecord> c = chain(10);
        c.add(5, c.get(4));
        assertFault(verify(c, Optional.empty()), 4, ChainVerdict.Reason.DUPLICATE);
    }

    @Test
    void truncatedTailAfterCheckpointIsNamed() {
        List<LineageRecord> c = chain(10);
        Optional<ChainHead> cp = Optional.of(ChainHead.of(c.get(9)));
        assertThat(verify(c, cp).intact()).isTrue();
        assertFault(verify(c.subList(0, 7), cp), 7, ChainVerdict.Reason.TRUNCATED_AFTER_CHECKPOINT);
        assertFault(verify(List.of(), cp), 0, ChainVerdict.Reason.TRUNCATED_AFTER_CHECKPOINT);
    }

    @Test
    void rewrittenTailIsNotTheCheckpointedRecord() {
        List<LineageRecord> c = chain(10);
        Optional<ChainHead> cp = Optional.of(ChainHead.of(c.get(9)));
        List<LineageRecord> rewritten = new ArrayList<>(c.subList(0, 9));
        rewritten.add(LineageRecord.seal(CHAIN, 9, c.get(8).hash(),
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(1).function("orders").build()));
        assertFault(verify(rewritten, cp), 9, ChainVerdict.Reason.CHECKPOINT_MISMATCH);
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
        assertFault(ChainVerifier.verify(CHAIN, it, Optional.empty(), VerifyProgress.none()), 2, ChainVerdict.Reason.MALFORMED_RECORD);
    }

    @Test
    void reportsProgressOnLongChains() {
        List<Long> seen = new ArrayList<>();
        ChainVerifier.verify(CHAIN, chain(2500).iterator(), Optional.empty(), (chain, n) -> seen.add(n));
        assertThat(seen).containsExactly(1000L, 2000L, 2500L);
    }

    @Test
    void verdictJsonNamesChainSeqAndReason() {
        List<LineageRecord> c = chain(3);
        c.remove(1);
        assertThat(verify(c, Optional.empty()).toJson())
                .contains("\"chain\":\"orders#0\"").contains("\"seq\":1").contains("\"reason\":\"GAP\"");
    }
}
