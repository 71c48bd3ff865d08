package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageItems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code provenExecution} on DynamoDB Local: records proven against checkpoints without reading
 * the history before them (shown by an old record changed in place that it does not notice, where
 * the full walk does), and a chain it cannot prove verified the long way, fault named.
 */
class BoundedProofIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();
    private static final String A = "orders#0";
    private static final String B = "orders#1";

    private final TestKeys keys = new TestKeys("writ-lineage-checkpoint");
    private TestLineage lineage;
    private Checkpointer checkpointer;

    @AfterAll
    static void close() {
        DDB.close();
    }

    @BeforeEach
    void lineage() {
        lineage = new TestLineage(DDB, keys.key);
        checkpointer = Checkpointer.create(lineage.audit, keys.signer, keys.key, "writ.example/bounded");
    }

    private void edit(String chain, long seq) {
        DDB.updateItem(b -> b.tableName(lineage.table).key(Map.of("chain", LineageItems.s(chain), "seq", LineageItems.n(seq)))
                .updateExpression("SET decision = :d").expressionAttributeValues(Map.of(":d", LineageItems.s("deny"))));
    }

    private static List<String> shown(List<LineageAudit.IndexedRecord> records) {
        return records.stream().map(i -> i.record().chain() + "@" + i.record().seq() + " " + i.verified()
                + i.chainFault().map(f -> " " + f.reason() + "@" + f.seq()).orElse("")).toList();
    }

    @Test
    void recordsAreProvenWithoutReadingTheHistoryBeforeThePreviousCheckpoint() {
        lineage.noise(10);
        checkpointer.checkpoint(lineage.audit.chains());
        lineage.noise(5);
        lineage.shard0.append(TestLineage.record(LineageRecord.Type.VERIFICATION, "x1", null, null)); // A@15, covered
        checkpointer.checkpoint(lineage.audit.chains());
        lineage.noise(3);
        lineage.shard1.append(TestLineage.record(LineageRecord.Type.OUTCOME, "x1", null, null)); // B@18, after the latest checkpoint
        // Changed in place before the first checkpoint: reading it would fail, and the proof never reads it.
        edit(A, 3);

        assertThat(shown(lineage.audit.provenExecution("x1"))).containsExactly("orders#0@15 true", "orders#1@18 true");
        assertThat(shown(lineage.audit.execution("x1", VerifyProgress.none())))
                .as("the full walk reads history and trips over the edit").contains("orders#0@15 false HASH_MISMATCH@3");
    }

    @Test
    void aChainItCannotProveIsVerifiedTheLongWayWhichNamesTheFault() {
        lineage.noise(4);
        checkpointer.checkpoint(lineage.audit.chains());
        lineage.shard0.append(TestLineage.record(LineageRecord.Type.VERIFICATION, "x2", null, null)); // A@4
        lineage.shard1.append(TestLineage.record(LineageRecord.Type.OUTCOME, "x2", null, null)); // B@4
        lineage.noise(1);
        edit(B, 4);
        assertThat(shown(lineage.audit.provenExecution("x2"))).containsExactly("orders#0@4 true", "orders#1@4 false HASH_MISMATCH@4");

        // A record newer than the checkpoint after a deleted one: its links do not reach the pinned head.
        DDB.deleteItem(b -> b.tableName(lineage.table).key(Map.of("chain", LineageItems.s(A), "seq", LineageItems.n(4))));
        lineage.shard0.append(TestLineage.record(LineageRecord.Type.OUTCOME, "late", null, null));
        assertThat(shown(lineage.audit.provenExecution("late"))).singleElement().asString().contains("false GAP@4");
    }
}
