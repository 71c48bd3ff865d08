package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile export files, verified offline: each problem is named at its chain and seq. */
class LineageExportFileTest {
    @TempDir
    Path dir;

    private static List<String> lines(String chain, int n) {
        List<String> out = new ArrayList<>();
        String prev = LineageHash.ZERO_HEX;
        for (int i = 0; i < n; i++) {
            LineageRecord r = LineageRecord.seal(chain, i, prev,
                    LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(i).function("f").execId(chain + i).build());
            out.add(r.toJson());
            prev = r.hash();
        }
        return out;
    }

    private ChainVerdict verdict(List<String> lines, String chain) throws Exception {
        Path file = dir.resolve("export.jsonl");
        Files.write(file, lines);
        return LineageAudit.verifyExport(file, Optional.empty(), VerifyProgress.none()).stream()
                .filter(v -> v.chain().equals(chain)).findFirst().orElseThrow();
    }

    private static void assertFault(ChainVerdict v, long seq, ChainVerdict.Reason reason) {
        assertThat(v.fault()).get().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.seq()).isEqualTo(seq);
        });
    }

    @Test
    void intactFileWithTwoChainsVerifies() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.addAll(lines("f#1", 3));
        assertThat(verdict(all, "f#0").intact()).isTrue();
        assertThat(verdict(all, "f#1").recordsVerified()).isEqualTo(3);
    }

    @Test
    void garbageLineIsMalformedAtTheSeqItReplaces() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.set(2, "{\"chain\":\"f#0\",\"seq\":2,");
        assertFault(verdict(all, "f#0"), 2, ChainVerdict.Reason.MALFORMED_RECORD);
    }

    @Test
    void chainSplitAroundAnotherChainIsReordered() throws Exception {
        List<String> a = lines("f#0", 5);
        List<String> all = new ArrayList<>(a.subList(0, 3));
        all.addAll(lines("f#1", 2));
        all.addAll(a.subList(3, 5));
        assertFault(verdict(all, "f#0"), 3, ChainVerdict.Reason.REORDERED);
        assertThat(verdict(all, "f#1").intact()).isTrue();
    }

    @Test
    void repeatedLineIsADuplicate() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.add(3, all.get(2));
        assertFault(verdict(all, "f#0"), 2, ChainVerdict.Reason.DUPLICATE);
    }

    @Test
    void recordCopiedFromAnotherChainBreaksTheHash() throws Exception {
        List<String> all = new ArrayList<>(lines("f#0", 5));
        all.set(2, lines("f#1", 3).get(2).replace("\"chain\":\"f#1\"", "\"chain\":\"f#0\""));
        assertFault(verdict(all, "f#0"), 2, ChainVerdict.Reason.BROKEN_LINK);
    }
}
