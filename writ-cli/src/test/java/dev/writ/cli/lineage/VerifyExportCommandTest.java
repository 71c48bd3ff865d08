package dev.writ.cli.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code writ lineage verify --file EXPORT} against hostile edits of a real export: the one
 * {@code writ demo --export --keys} writes (checkpoint chain first, then authorizer#0,
 * ledger-post#0, payments-read#0, payments-write#0), edited the way an attacker holding the
 * file would, with records sealed by the documented algorithm.
 */
class VerifyExportCommandTest {
    private static final String LEDGER = "ledger-post#0";
    private static final String READ = "payments-read#0";

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static List<String> export;
    private static Path verifierKey;
    private static Path jwks;

    @BeforeAll
    static void demoExport() throws IOException {
        Path file = shared.resolve("lineage.jsonl");
        CliRun demo = CliRun.of("demo", "--export", file.toString(), "--keys", shared.resolve("keys").toString());
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        export = Files.readAllLines(file, StandardCharsets.UTF_8);
        verifierKey = shared.resolve("keys/verifier-key");
        jwks = shared.resolve("keys/jwks.json");
    }

    private Path edited(Consumer<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(export);
        edit.accept(lines);
        assertThat(lines).as("the edit changed the export").isNotEqualTo(export);
        Path file = dir.resolve("edited.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static CliRun verify(Path file) {
        return CliRun.of("lineage", "verify", "--file", file.toString(), "--verifier-key", verifierKey.toString());
    }

    /** The JSON lines printed for findings. */
    private static List<Map<String, Object>> findings(CliRun run) {
        return Arrays.stream(run.out().split("\n")).filter(l -> !l.isBlank()).map(Json::parseObject).toList();
    }

    private static Map<String, Object> finding(CliRun run, String chain) {
        return findings(run).stream().filter(f -> chain.equals(f.get("chain"))).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + chain + " in " + run.out()));
    }

    private static long seq(Map<String, Object> finding) {
        return ((Number) finding.get("seq")).longValue();
    }

    private static int lastLine(List<String> lines, String chain) {
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (ExportLines.chain(lines.get(i)).equals(chain)) {
                last = i;
            }
        }
        return last;
    }

    private static int firstLine(List<String> lines, String chain) {
        for (int i = 0; i < lines.size(); i++) {
            if (ExportLines.chain(lines.get(i)).equals(chain)) {
                return i;
            }
        }
        throw new AssertionError("no line of " + chain);
    }

    private static long checkpointTs() {
        return ExportLines.ts(export.get(0));
    }

    @Test
    void theDemoExportVerifiesWithItsVerifierKeyOrItsJwks() {
        assertThat(ExportLines.chain(export.get(0))).isEqualTo("checkpoint");
        CliRun run = verify(Path.of(shared.resolve("lineage.jsonl").toString()));
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).isEmpty();
        // The checkpoint chain, the authorizer, the exchange and five functions (payments-mcp from the agent scene).
        assertThat(run.err()).contains("8 chains").contains("0 broken");
        CliRun withJwks = CliRun.of("lineage", "verify", "--file", shared.resolve("lineage.jsonl").toString(), "--jwks", jwks.toString());
        assertThat(withJwks.code()).as(withJwks.err()).isZero();
    }

    @Test
    void checkpointRecordsRemovedAndAChainTruncatedIsNoCheckpointNotIntact() throws IOException {
        Path file = edited(lines -> {
            lines.removeIf(l -> ExportLines.chain(l).equals("checkpoint"));
            lines.remove(lastLine(lines, LEDGER));
        });
        long ledgerRecords = export.stream().filter(l -> ExportLines.chain(l).equals(LEDGER)).count();

        CliRun run = verify(file);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(finding(run, "checkpoint")).containsEntry("reason", "NO_CHECKPOINT").containsEntry("intact", false);
        assertThat(seq(finding(run, "checkpoint"))).isZero();
        assertThat(finding(run, LEDGER)).containsEntry("reason", "NO_CHECKPOINT");
        assertThat(seq(finding(run, LEDGER))).as("the first seq nothing vouches for").isEqualTo(ledgerRecords - 1);
        assertThat(findings(run)).hasSize(8).allSatisfy(f -> assertThat(f).containsEntry("reason", "NO_CHECKPOINT"));

        CliRun keyless = CliRun.of("lineage", "verify", "--file", file.toString());
        assertThat(keyless.code()).as("without a key nothing is claimed about tails").isZero();
        assertThat(keyless.err()).contains("no checkpoint key given");
    }

    @Test
    void forgedChainAbsentFromTheCheckpointButDatedBeforeItIsFlagged() throws IOException {
        long before = checkpointTs() - 3_600_000;
        Path file = edited(lines -> {
            String zero = ExportLines.outcome("payments-read#3", 0, "0".repeat(64), before, "forged-0");
            lines.add(zero);
            lines.add(ExportLines.after(zero, before + 1, "forged-1"));
        });
        CliRun run = verify(file);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(findings(run)).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("chain", "payments-read#3").containsEntry("reason", "NOT_IN_CHECKPOINT");
            assertThat(seq(f)).isZero();
        });
    }

    @Test
    void recordAppendedAfterThePinnedHeadButDatedBeforeTheCheckpointIsFlagged() throws IOException {
        long seq = ExportLines.seq(export.get(lastLine(export, LEDGER))) + 1;
        Path file = edited(lines -> {
            int last = lastLine(lines, LEDGER);
            lines.add(last + 1, ExportLines.after(lines.get(last), checkpointTs() - 3_600_000, "backdated"));
        });
        CliRun run = verify(file);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(findings(run)).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("chain", LEDGER).containsEntry("reason", "BACKDATED_AFTER_CHECKPOINT");
            assertThat(seq(f)).isEqualTo(seq);
        });

        Path fresh = edited(lines -> {
            int last = lastLine(lines, LEDGER);
            lines.add(last + 1, ExportLines.after(lines.get(last), checkpointTs() + 1_000, "appended"));
        });
        assertThat(verify(fresh).code()).as("a record appended after the checkpoint and dated so").isZero();
    }

    @Test
    void malformedFirstRecordOfAChainIsChargedToThatChainAndSeq() throws IOException {
        Path file = edited(lines -> {
            int first = firstLine(lines, READ);
            lines.set(first, lines.get(first).replace("{", "{\"admin\":\"yes\","));
        });
        CliRun run = verify(file);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
        Map<String, Object> f = finding(run, READ);
        assertThat(f).containsEntry("reason", "MALFORMED_RECORD");
        assertThat(seq(f)).isZero();
        assertThat((String) f.get("detail")).startsWith("line " + (firstLine(export, READ) + 1) + ": ").contains("admin");
        assertThat(run.out()).as("the chain before it is not blamed").doesNotContain(LEDGER);
    }

    @Test
    void lineThatNamesNoChainIsReportedAsALineNumber() throws IOException {
        Path file = edited(lines -> lines.set(1, "{\"chain\":"));
        CliRun run = verify(file);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
        Map<String, Object> line = findings(run).stream().filter(f -> f.containsKey("line")).findFirst().orElseThrow();
        assertThat(line).containsEntry("reason", "MALFORMED_RECORD").containsEntry("intact", false).doesNotContainKey("chain");
        assertThat(((Number) line.get("line")).longValue()).isEqualTo(2);
        assertThat(run.out()).doesNotContain("\"chain\":\"line ");
        String firstChain = ExportLines.chain(export.get(1));
        assertThat(finding(run, firstChain)).containsEntry("reason", "GAP");
        assertThat(seq(finding(run, firstChain))).isZero();
        assertThat(run.err()).contains("1 unreadable lines");
    }

    @Test
    void keyOptionsAreExclusiveAndAVerifierKeyMustBeWellFormed() throws IOException {
        String file = shared.resolve("lineage.jsonl").toString();
        assertThat(CliRun.of("lineage", "verify", "--file", file, "--verifier-key", verifierKey.toString(), "--jwks", jwks.toString())
                .code()).isEqualTo(2);
        assertThat(CliRun.of("lineage", "verify", "--file", file, "--verifier-key", verifierKey.toString(), "--key-name", "x")
                .code()).isEqualTo(2);
        assertThat(CliRun.of("lineage", "verify", "--file", file, "--key-name", "x").code()).isEqualTo(2);
        Path bad = dir.resolve("bad-key");
        Files.writeString(bad, Files.readString(verifierKey).replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+"));
        CliRun run = CliRun.of("lineage", "verify", "--file", file, "--verifier-key", bad.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("key ID");
    }

    @Test
    void aKeyFileIsReadNoFurtherThanAKeyNeeds() {
        // /dev/zero reports size 0 and never ends: read whole, it filled the heap.
        String file = shared.resolve("lineage.jsonl").toString();
        CliRun run = CliRun.of("lineage", "verify", "--file", file, "--verifier-key", "/dev/zero");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("verifier key /dev/zero holds more than " + CheckpointKeyOptions.MAX_KEY_FILE_BYTES + " bytes");
        run = CliRun.of("lineage", "verify", "--file", file, "--jwks", "/dev/zero");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read JWKS /dev/zero: /dev/zero holds more than " + CheckpointKeyOptions.MAX_KEY_FILE_BYTES + " bytes");
    }

    @Test
    void aChainNameFromTheFileIsPrintedEscapedInProgress() throws IOException {
        // A line renamed to a chain whose name would clear the terminal and start a forged progress line.
        Path file = edited(lines -> {
            int i = lastLine(lines, LEDGER);
            lines.set(i, lines.get(i).replace("\"" + LEDGER + "\"", "\"x\\u001b[2J\\n{\\\"chain\\\":\\\"" + LEDGER + "\""));
        });
        CliRun run = CliRun.of("lineage", "verify", "--file", file.toString(), "--verifier-key", verifierKey.toString(), "--progress");
        assertThat(run.err()).contains("\"verified\"").doesNotContain("\u001b").containsIgnoringCase("x\\u001b[2J\\n{");
    }
}
