package dev.writ.audit;

import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.LineageRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile export files, verified offline: each problem is named at its chain and seq, or its line. */
class LineageExportFileTest {
    private static final long T = 1_763_780_000_000L;
    private static final TestKeys KEYS = new TestKeys(CheckpointKey.DEFAULT_NAME);

    @TempDir
    Path dir;

    /** {@code n} records of {@code chain}, dated T + seq ms. */
    private static List<String> lines(String chain, int n) {
        return lines(chain, n, T);
    }

    private static List<String> lines(String chain, int n, long ts0) {
        List<String> out = new ArrayList<>();
        String prev = LineageHash.ZERO_HEX;
        for (int i = 0; i < n; i++) {
            LineageRecord r = LineageRecord.seal(chain, i, prev,
                    LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(ts0 + i).function("f").execId(chain + i).build());
            out.add(r.toJson());
            prev = r.hash();
        }
        return out;
    }

    /** The checkpoint chain's one record, signed at {@code ts} over the last line of each of {@code chains}. */
    private static String checkpoint(long ts, List<List<String>> chains) {
        List<ChainHead> heads = chains.stream().map(c -> ChainHead.of(LineageRecord.fromJson(c.get(c.size() - 1)))).toList();
        return checkpointAfter(null, ts, CheckpointNote.sign(CheckpointNote.text("writ-lineage", ts, heads), KEYS.signer, KEYS.key));
    }

    /** A note signed by {@code signer} at {@code ts}, pinning the record of {@code headLine}. */
    private static String note(TestKeys signer, long ts, String headLine) {
        return CheckpointNote.sign(CheckpointNote.text("writ-lineage", ts, List.of(ChainHead.of(LineageRecord.fromJson(headLine)))),
                signer.signer, signer.key);
    }

    /** A checkpoint record carrying {@code note}, linked after the checkpoint line {@code previous} (null: seq 0). */
    private static String checkpointAfter(String previous, long ts, String note) {
        LineageRecord p = previous == null ? null : LineageRecord.fromJson(previous);
        return LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, p == null ? 0 : p.seq() + 1, p == null ? LineageHash.ZERO_HEX : p.hash(),
                LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(ts).note(note).build()).toJson();
    }

    private static String appended(List<String> chain, long ts) {
        LineageRecord last = LineageRecord.fromJson(chain.get(chain.size() - 1));
        return LineageRecord.seal(last.chain(), last.seq() + 1, last.hash(),
                LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(ts).function("f").execId("late").build()).toJson();
    }

    private ExportVerdict verify(List<String> lines, Optional<CheckpointKey> key) throws Exception {
        Path file = dir.resolve("export.jsonl");
        Files.write(file, lines);
        return LineageAudit.verifyExport(file, key, VerifyProgress.none());
    }

    private ChainVerdict verdict(List<String> lines, String chain) throws Exception {
        return verdict(verify(lines, Optional.empty()), chain);
    }

    private static ChainVerdict verdict(ExportVerdict v, String chain) {
        return v.chains().stream().filter(c -> c.chain().equals(chain)).findFirst().orElseThrow(() -> new AssertionError("no verdict for " + chain));
    }

    private static void assertFault(ChainVerdict v, long seq, ChainVerdict.ReasonCode reason) {
        assertThat(v.fault()).as(v.chain() + " intact").get().satisfies(f -> {
            assertThat(f.reason()).as(f.detail()).isEqualTo(reason);
            assertThat(f.seq()).isEqualTo(seq);
        });
    }

    @Test
    void intactFileWithTwoChainsVerifies() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.addAll(lines("f#1", 3));
        assertThat(verdict(all, "f#0").intact()).isTrue();
        assertThat(verdict(all, "f#1").recordsVerified()).isEqualTo(3);
        assertThat(verify(all, Optional.empty()).intact()).isTrue();
    }

    @Test
    void lineThatIsNotJsonIsNamedByItsLineNumberAndItsSeqIsMissingFromTheChain() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.set(2, "{\"chain\":\"f#0\",\"seq\":2,");
        ExportVerdict v = verify(all, Optional.empty());
        assertThat(v.unreadableLines()).singleElement().satisfies(l -> {
            assertThat(l.line()).isEqualTo(3);
            assertThat(l.toJson()).startsWith("{\"detail\":\"not a JSON object").endsWith("\"intact\":false,\"line\":3,\"reason\":\"MALFORMED_RECORD\"}");
        });
        assertThat(v.chains()).extracting(ChainVerdict::chain).containsExactly(LineageRecord.CHECKPOINT_CHAIN, "f#0");
        assertFault(verdict(v, "f#0"), 2, ChainVerdict.ReasonCode.GAP);
        assertThat(v.intact()).isFalse();
    }

    @Test
    void aLineLongerThanAnyRecordIsNotHeldButNamedByItsNumber() throws Exception {
        // A file with no line end would otherwise be read whole into one string.
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.set(2, "x".repeat(ExportLines.MAX_BYTES + 1));
        ExportVerdict v = verify(all, Optional.empty());
        assertThat(v.unreadableLines()).singleElement().satisfies(l -> {
            assertThat(l.line()).isEqualTo(3);
            assertThat(l.detail()).isEqualTo("longer than " + ExportLines.MAX_BYTES + " bytes");
        });
        assertFault(verdict(v, "f#0"), 2, ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void aLineThatIsNotUtf8IsNamedByItsNumberAndTheRestIsVerified() throws Exception {
        // One bad byte used to end the whole verification with MalformedInputException.
        List<String> records = lines("f#0", 4);
        Path file = dir.resolve("latin1.jsonl");
        byte[] bad = records.get(1).replace("\"f\"", "\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((records.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(bad);
            out.write(("\n" + records.get(2) + "\n" + records.get(3) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        ExportVerdict v = LineageAudit.verifyExport(file, Optional.empty(), VerifyProgress.none());
        assertThat(v.unreadableLines()).singleElement().satisfies(l -> {
            assertThat(l.line()).isEqualTo(2);
            assertThat(l.detail()).isEqualTo("not UTF-8");
        });
        assertFault(verdict(v, "f#0"), 1, ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void linesEndAtNewlineCarriageReturnOrBoth() throws Exception {
        List<String> records = lines("f#0", 3);
        Path file = dir.resolve("mixed.jsonl");
        Files.writeString(file, records.get(0) + "\r\n" + records.get(1) + "\r" + records.get(2));
        ExportVerdict v = LineageAudit.verifyExport(file, Optional.empty(), VerifyProgress.none());
        assertThat(v.intact()).as(v.toString()).isTrue();
        assertThat(verdict(v, "f#0").recordsVerified()).isEqualTo(3);
    }

    @Test
    void malformedRecordIsChargedToTheChainAndSeqItNames() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.set(2, all.get(2).replace("{", "{\"admin\":\"yes\","));
        ChainVerdict v = verdict(all, "f#0");
        assertFault(v, 2, ChainVerdict.ReasonCode.MALFORMED_RECORD);
        assertThat(v.fault().orElseThrow().detail()).isEqualTo("line 3: unknown field admin");
    }

    @Test
    void aPayloadHashThatIsNotHexSha256IsAMalformedRecord() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        LineageRecord third = LineageRecord.fromJson(all.get(2));
        String digest = "ab".repeat(32);
        all.set(2, LineageRecord.seal("f#0", 2, third.prev(), LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(third.ts())
                .function("f").execId("f#02").payloadHash(digest).build()).toJson().replace(digest, "AB".repeat(32)));
        ChainVerdict v = verdict(all, "f#0");
        assertFault(v, 2, ChainVerdict.ReasonCode.MALFORMED_RECORD);
        assertThat(v.fault().orElseThrow().detail()).isEqualTo("line 3: payloadHash is not a hex SHA-256");
    }

    @Test
    void malformedFirstRecordOfAChainIsChargedToThatChainNotThePreviousOne() throws Exception {
        List<String> first = lines("f#0", 9);
        List<String> second = lines("f#1", 3);
        List<String> all = new ArrayList<>(first);
        all.add(second.get(0).replaceFirst("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"XYZ\""));
        all.addAll(second.subList(1, 3));
        ExportVerdict v = verify(all, Optional.empty());
        assertThat(verdict(v, "f#0").intact()).as("the chain before it").isTrue();
        assertThat(verdict(v, "f#0").recordsVerified()).isEqualTo(9);
        assertFault(verdict(v, "f#1"), 0, ChainVerdict.ReasonCode.MALFORMED_RECORD);
        assertThat(verdict(v, "f#1").fault().orElseThrow().detail()).startsWith("line 10: hash is not");
        assertThat(v.unreadableLines()).isEmpty();
    }

    @Test
    void unreadableFirstLineIsALineNumberNotAChain() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 3));
        all.set(0, "garbage");
        ExportVerdict v = verify(all, Optional.empty());
        assertThat(v.unreadableLines()).extracting(ExportVerdict.UnreadableLine::line).containsExactly(1L);
        assertThat(v.chains()).extracting(ChainVerdict::chain).containsExactly(LineageRecord.CHECKPOINT_CHAIN, "f#0");
        assertFault(verdict(v, "f#0"), 0, ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void chainSplitAroundAnotherChainIsReordered() throws Exception {
        List<String> a = lines("f#0", 5);
        List<String> all = new ArrayList<>(a.subList(0, 3));
        all.addAll(lines("f#1", 2));
        all.addAll(a.subList(3, 5));
        assertFault(verdict(all, "f#0"), 3, ChainVerdict.ReasonCode.REORDERED);
        assertThat(verdict(all, "f#1").intact()).isTrue();
    }

    @Test
    void repeatedLineIsADuplicate() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.add(3, all.get(2));
        assertFault(verdict(all, "f#0"), 2, ChainVerdict.ReasonCode.DUPLICATE);
    }

    @Test
    void recordCopiedFromAnotherChainBreaksTheHash() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.set(2, lines("f#1", 3).get(2).replace("\"chain\":\"f#1\"", "\"chain\":\"f#0\""));
        assertFault(verdict(all, "f#0"), 2, ChainVerdict.ReasonCode.BROKEN_LINK);
    }

    // ---- with the checkpoint key ----

    @Test
    void checkpointedExportVerifiesAndCheckpointLinesMayComeAnywhere() throws Exception {
        List<String> a = lines("f#0", 5);
        List<String> b = lines("f#1", 3);
        List<String> all = new ArrayList<>(a);
        all.add(checkpoint(T + 10, List.of(a, b)));
        all.addAll(b);
        all.add(appended(b, T + 20));
        ExportVerdict v = verify(all, Optional.of(KEYS.key));
        assertThat(v.chains()).allSatisfy(c -> assertThat(c.intact()).as(c.toJson()).isTrue());
        assertThat(v.chains()).extracting(ChainVerdict::chain).containsExactly(LineageRecord.CHECKPOINT_CHAIN, "f#0", "f#1");
    }

    @Test
    void withTheKeyAnExportWithoutCheckpointRecordsIsNoCheckpointEvenWhenTruncated() throws Exception {
        List<String> a = lines("f#0", 5);
        List<String> b = lines("f#1", 3);
        List<String> all = new ArrayList<>(a.subList(0, 3)); // f#0 truncated too
        all.addAll(b);
        ExportVerdict v = verify(all, Optional.of(KEYS.key));
        assertFault(verdict(v, LineageRecord.CHECKPOINT_CHAIN), 0, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertFault(verdict(v, "f#0"), 3, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertFault(verdict(v, "f#1"), 3, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertThat(verify(all, Optional.empty()).intact()).as("without a key nothing is claimed about the tail").isTrue();
    }

    @Test
    void withTheKeyAnExportWhoseOnlyCheckpointIsForgedPinsNothing() throws Exception {
        List<String> a = lines("f#0", 5);
        TestKeys attacker = new TestKeys(CheckpointKey.DEFAULT_NAME);
        List<String> all = new ArrayList<>(List.of(checkpointAfter(null, T + 10, note(attacker, T + 10, a.get(4)))));
        all.addAll(a);
        ExportVerdict v = verify(all, Optional.of(KEYS.key));
        assertFault(verdict(v, LineageRecord.CHECKPOINT_CHAIN), 0, ChainVerdict.ReasonCode.BAD_CHECKPOINT_SIGNATURE);
        assertFault(verdict(v, "f#0"), 5, ChainVerdict.ReasonCode.NO_CHECKPOINT);
    }

    @Test
    void anOlderNoteCopiedForwardIsReplayedAndTheTruncationItWouldHideIsFound() throws Exception {
        List<String> a = lines("f#0", 5);
        String first = checkpoint(T + 10, List.of(a.subList(0, 3)));
        String second = checkpointAfter(first, T + 20, note(KEYS, T + 20, a.get(4)));
        // The attacker re-links the first, genuine note as the newest checkpoint and cuts f#0 back to what it pins.
        String replay = checkpointAfter(second, T + 30, LineageRecord.fromJson(first).note().orElseThrow());
        List<String> all = new ArrayList<>(List.of(first, second, replay));
        all.addAll(a.subList(0, 3));
        ExportVerdict v = verify(all, Optional.of(KEYS.key));
        assertFault(verdict(v, LineageRecord.CHECKPOINT_CHAIN), 2, ChainVerdict.ReasonCode.CHECKPOINT_REPLAYED);
        assertFault(verdict(v, "f#0"), 3, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
    }

    @Test
    void forgedChainTheCheckpointDoesNotPinButDatedBeforeItIsFlagged() throws Exception {
        List<String> a = lines("f#0", 5);
        long cpTs = T + 3_600_000;
        List<String> all = new ArrayList<>();
        all.add(checkpoint(cpTs, List.of(a)));
        all.addAll(a);
        all.addAll(lines("f#9", 4, T + 100));
        all.addAll(lines("f#8", 2, cpTs + 1));
        ExportVerdict v = verify(all, Optional.of(KEYS.key));
        assertFault(verdict(v, "f#9"), 0, ChainVerdict.ReasonCode.NOT_IN_CHECKPOINT);
        assertThat(verdict(v, "f#8").intact()).as("a chain begun after the checkpoint").isTrue();
        assertThat(verdict(v, "f#0").intact()).isTrue();
    }

    @Test
    void recordAppendedAfterThePinnedHeadButDatedBeforeTheCheckpointIsFlagged() throws Exception {
        List<String> a = new ArrayList<>(lines("f#0", 5));
        long cpTs = T + 3_600_000;
        String cp = checkpoint(cpTs, List.of(a));
        a.add(appended(a, cpTs + 1));
        a.add(appended(a, cpTs - Anchor.MARGIN.toMillis() - 1));
        List<String> all = new ArrayList<>(List.of(cp));
        all.addAll(a);
        assertFault(verdict(verify(all, Optional.of(KEYS.key)), "f#0"), 6, ChainVerdict.ReasonCode.BACKDATED_AFTER_CHECKPOINT);
    }
}
