package dev.writ.audit;

import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.internal.ChainHead;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.internal.LineageItems;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An attacker with write access to the table (or to an export file) edits, deletes, swaps,
 * truncates and forges; every change is found and the first bad seq named. Each test first shows
 * the untouched lineage verifies.
 */
class LineageTamperIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();
    private static final String CHAIN = "orders#0";
    private static final String OTHER = "orders#1";

    private final TestKeys keys = new TestKeys("writ.example/lineage-checkpoint");
    private String table;
    private LineageAudit audit;
    private LineageWriter shard0;
    private long checkpointTs;

    @TempDir
    Path dir;

    @AfterAll
    static void close() {
        DDB.close();
    }

    /** 20 records on orders#0 and 5 on orders#1, a signed checkpoint, then 3 more on orders#0. */
    @BeforeEach
    void lineage() {
        table = DynamoDbTestEnv.newTable(DDB);
        audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB, Optional.of(keys.key));
        shard0 = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> DDB);
        LineageWriter shard1 = LineageWriter.create(LineageConfig.builder().table(table).shard(1).build(), () -> DDB);
        IntStream.range(0, 20).forEach(i -> shard0.append(draft("a" + i)));
        IntStream.range(0, 5).forEach(i -> shard1.append(draft("b" + i)));
        checkpointTs = Checkpointer.create(audit, keys.signer, keys.key).checkpoint(audit.chains()).record().ts();
        IntStream.range(20, 23).forEach(i -> shard0.append(draft("a" + i)));
    }

    private static LineageRecord.Draft draft(String execId) {
        return LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId(execId).decision("allow").build();
    }

    // ---- in DynamoDB ----

    @Test
    void editedMiddleRecordInTableIsFoundAtItsSeq() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        DDB.updateItem(b -> b.tableName(table).key(key(CHAIN, 7)).updateExpression("SET decision = :d")
                .expressionAttributeValues(Map.of(":d", LineageItems.s("deny"))));
        assertOnlyFault(audit.verifyAll(VerifyProgress.none()), CHAIN, 7, ChainVerdict.ReasonCode.HASH_MISMATCH);
    }

    @Test
    void deletedMiddleRecordInTableIsAGapAtItsSeq() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        DDB.deleteItem(b -> b.tableName(table).key(key(CHAIN, 7)));
        assertOnlyFault(audit.verifyAll(VerifyProgress.none()), CHAIN, 7, ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void swappedRecordsInTableBreakTheLinkAtTheFirst() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        Map<String, AttributeValue> seven = item(CHAIN, 7);
        Map<String, AttributeValue> eight = item(CHAIN, 8);
        DDB.putItem(b -> b.tableName(table).item(withSeq(eight, 7)));
        DDB.putItem(b -> b.tableName(table).item(withSeq(seven, 8)));
        assertOnlyFault(audit.verifyAll(VerifyProgress.none()), CHAIN, 7, ChainVerdict.ReasonCode.BROKEN_LINK);
    }

    @Test
    void tailTruncatedAfterCheckpointInTableIsNamed() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        for (int seq = 15; seq <= 22; seq++) {
            int s = seq;
            DDB.deleteItem(b -> b.tableName(table).key(key(CHAIN, s)));
        }
        assertOnlyFault(audit.verifyAll(VerifyProgress.none()), CHAIN, 15, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
    }

    @Test
    void forgedCheckpointInTableIsRejectedAndTheTruncationItHidesStillFound() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        for (int seq = 15; seq <= 22; seq++) {
            int s = seq;
            DDB.deleteItem(b -> b.tableName(table).key(key(CHAIN, s)));
        }
        // The attacker appends a well-linked checkpoint pinning the truncated head, signed by their own key.
        TestKeys attacker = new TestKeys(keys.key.name());
        Checkpointer.create(audit, attacker.signer, attacker.key).checkpoint(audit.chains());

        List<ChainVerdict> verdicts = audit.verifyAll(VerifyProgress.none());
        assertThat(fault(verdicts, LineageRecord.CHECKPOINT_CHAIN)).satisfies(f -> {
            assertThat(f.seq()).isEqualTo(1);
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.BAD_CHECKPOINT_SIGNATURE);
        });
        assertThat(fault(verdicts, CHAIN)).satisfies(f -> {
            assertThat(f.seq()).isEqualTo(15);
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
        });
    }

    @Test
    void editedCheckpointNoteInTableIsFound() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        String note = LineageItems.fromItem(item(LineageRecord.CHECKPOINT_CHAIN, 0)).note().orElseThrow();
        String lowered = note.replaceFirst("orders#0 19 ", "orders#0 14 ");
        DDB.updateItem(b -> b.tableName(table).key(key(LineageRecord.CHECKPOINT_CHAIN, 0)).updateExpression("SET note = :n")
                .expressionAttributeValues(Map.of(":n", LineageItems.s(lowered))));
        assertThat(fault(audit.verifyAll(VerifyProgress.none()), LineageRecord.CHECKPOINT_CHAIN)).satisfies(f -> {
            assertThat(f.seq()).isZero();
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.HASH_MISMATCH);
        });
    }

    @Test
    void checkpointsDeletedFromTableLeaveNoChainIntactWithTheKey() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        DDB.deleteItem(b -> b.tableName(table).key(key(LineageRecord.CHECKPOINT_CHAIN, 0)));
        for (int seq = 15; seq <= 22; seq++) {
            int s = seq;
            DDB.deleteItem(b -> b.tableName(table).key(key(CHAIN, s)));
        }
        List<ChainVerdict> verdicts = audit.verifyAll(VerifyProgress.none());
        assertThat(fault(verdicts, LineageRecord.CHECKPOINT_CHAIN)).extracting(ChainVerdict.Fault::seq, ChainVerdict.Fault::reason)
                .containsExactly(0L, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertThat(fault(verdicts, CHAIN)).extracting(ChainVerdict.Fault::seq, ChainVerdict.Fault::reason)
                .containsExactly(15L, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertThat(fault(verdicts, OTHER)).extracting(ChainVerdict.Fault::seq, ChainVerdict.Fault::reason)
                .containsExactly(5L, ChainVerdict.ReasonCode.NO_CHECKPOINT);
        assertThat(audit.verifyChain(OTHER, VerifyProgress.none()).fault()).get()
                .extracting(ChainVerdict.Fault::reason).isEqualTo(ChainVerdict.ReasonCode.NO_CHECKPOINT);
    }

    @Test
    void forgedChainInTableDatedBeforeTheCheckpointIsNotInIt() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        LineageWriter forger = LineageWriter.create(LineageConfig.builder().table(table).shards(8).shard(7).build(), () -> DDB);
        forger.append(LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(checkpointTs - 3_600_000).function("orders")
                .execId("f0").decision("allow").build());
        assertOnlyFault(audit.verifyAll(VerifyProgress.none()), "orders#7", 0, ChainVerdict.ReasonCode.NOT_IN_CHECKPOINT);
    }

    @Test
    void recordAppendedAfterThePinnedHeadButDatedBeforeTheCheckpointIsBackdated() {
        assertIntact(audit.verifyAll(VerifyProgress.none()));
        shard0.append(LineageRecord.draft(LineageRecord.Type.OUTCOME).ts(checkpointTs - 3_600_000).function("orders")
                .execId("late").decision("allow").build());
        assertOnlyFault(audit.verifyAll(VerifyProgress.none()), CHAIN, 23, ChainVerdict.ReasonCode.BACKDATED_AFTER_CHECKPOINT);
    }

    // ---- in an export file ----

    @Test
    void exportOfIntactLineageVerifiesOffline() throws IOException {
        Path file = export();
        assertThat(Files.readAllLines(file)).hasSize(1 + 23 + 5);
        assertThat(Files.readAllLines(file).get(0)).contains("\"chain\":\"checkpoint\"");
        assertIntact(LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains());
    }

    @Test
    void editedFieldInExportIsFoundAtItsSeq() throws IOException {
        Path file = export();
        rewrite(file, lines -> lines.set(index(lines, CHAIN, 7), lines.get(index(lines, CHAIN, 7)).replace("\"allow\"", "\"deny\"")));
        assertOnlyFault(LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains(), CHAIN, 7,
                ChainVerdict.ReasonCode.HASH_MISMATCH);
    }

    @Test
    void deletedLineInExportIsAGapAtItsSeq() throws IOException {
        Path file = export();
        rewrite(file, lines -> lines.remove(index(lines, CHAIN, 7)));
        assertOnlyFault(LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains(), CHAIN, 7,
                ChainVerdict.ReasonCode.GAP);
    }

    @Test
    void swappedLinesInExportAreReorderedAtTheFirst() throws IOException {
        Path file = export();
        rewrite(file, lines -> {
            int i = index(lines, CHAIN, 7);
            String seven = lines.get(i);
            lines.set(i, lines.get(i + 1));
            lines.set(i + 1, seven);
        });
        assertOnlyFault(LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains(), CHAIN, 7,
                ChainVerdict.ReasonCode.REORDERED);
    }

    @Test
    void tailTruncatedInExportAfterCheckpointIsNamed() throws IOException {
        Path file = export();
        rewrite(file, lines -> lines.subList(index(lines, CHAIN, 15), index(lines, CHAIN, 22) + 1).clear());
        assertOnlyFault(LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains(), CHAIN, 15,
                ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
    }

    @Test
    void forgedCheckpointLineInExportIsRejected() throws IOException {
        Path file = export();
        TestKeys attacker = new TestKeys(keys.key.name());
        rewrite(file, lines -> {
            LineageRecord real = LineageRecord.fromJson(lines.get(0));
            String note = CheckpointNote.sign(CheckpointNote.text(table, 1, List.of(new ChainHead(CHAIN, 14,
                    LineageRecord.fromJson(lines.get(index(lines, CHAIN, 14))).hash()))), attacker.signer, attacker.key);
            LineageRecord forged = LineageRecord.seal(LineageRecord.CHECKPOINT_CHAIN, 1, real.hash(),
                    LineageRecord.draft(LineageRecord.Type.CHECKPOINT).ts(2).note(note).build());
            lines.add(1, forged.toJson());
            lines.subList(index(lines, CHAIN, 15), index(lines, CHAIN, 22) + 1).clear();
        });
        List<ChainVerdict> verdicts = LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains();
        assertThat(fault(verdicts, LineageRecord.CHECKPOINT_CHAIN)).satisfies(f -> {
            assertThat(f.seq()).isEqualTo(1);
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.BAD_CHECKPOINT_SIGNATURE);
        });
        assertThat(fault(verdicts, CHAIN).reason()).isEqualTo(ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);
    }

    @Test
    void exportVerifiedWithoutTheKeyCannotSeeTruncation() throws IOException {
        Path file = export();
        rewrite(file, lines -> lines.subList(index(lines, CHAIN, 15), index(lines, CHAIN, 22) + 1).clear());
        assertIntact(LineageAudit.verifyExport(file, Optional.empty(), VerifyProgress.none()).chains());
    }

    // ---- helpers ----

    private Path export() throws IOException {
        Path file = dir.resolve("lineage.jsonl");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            assertThat(audit.export(w)).isEqualTo(1 + 23 + 5);
        }
        assertIntact(LineageAudit.verifyExport(file, Optional.of(keys.key), VerifyProgress.none()).chains());
        return file;
    }

    private static void rewrite(Path file, java.util.function.Consumer<List<String>> edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        edit.accept(lines);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static int index(List<String> lines, String chain, long seq) {
        for (int i = 0; i < lines.size(); i++) {
            LineageRecord r = LineageRecord.fromJson(lines.get(i));
            if (r.chain().equals(chain) && r.seq() == seq) {
                return i;
            }
        }
        throw new AssertionError("no line for " + chain + " " + seq);
    }

    private static Map<String, AttributeValue> key(String chain, long seq) {
        return Map.of("chain", LineageItems.s(chain), "seq", LineageItems.n(seq));
    }

    private Map<String, AttributeValue> item(String chain, long seq) {
        return DDB.getItem(b -> b.tableName(table).consistentRead(true).key(key(chain, seq))).item();
    }

    private static Map<String, AttributeValue> withSeq(Map<String, AttributeValue> item, long seq) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put("seq", LineageItems.n(seq));
        return copy;
    }

    private static void assertIntact(List<ChainVerdict> verdicts) {
        assertThat(verdicts).extracting(ChainVerdict::chain).contains(LineageRecord.CHECKPOINT_CHAIN, CHAIN, OTHER);
        assertThat(verdicts).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());
    }

    private static ChainVerdict.Fault fault(List<ChainVerdict> verdicts, String chain) {
        return verdicts.stream().filter(v -> v.chain().equals(chain)).findFirst().orElseThrow().fault()
                .orElseThrow(() -> new AssertionError(chain + " verified intact"));
    }

    private static void assertOnlyFault(List<ChainVerdict> verdicts, String chain, long seq, ChainVerdict.ReasonCode reason) {
        assertThat(fault(verdicts, chain)).satisfies(f -> {
            assertThat(f.reason()).as(f.detail()).isEqualTo(reason);
            assertThat(f.seq()).isEqualTo(seq);
        });
        assertThat(verdicts).filteredOn(v -> !v.chain().equals(chain)).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());
    }
}
