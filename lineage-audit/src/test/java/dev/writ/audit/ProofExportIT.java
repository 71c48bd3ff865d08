package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.proof.BundleVerdict;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.ProofVerifier;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.lineage.internal.LineageItems;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Proof bundles exported from DynamoDB Local: an execution and its hop, proven against the first
 * checkpoint that covers them (found among several), verified offline; the cases where no proof
 * can be made say why.
 */
class ProofExportIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();
    private static final String ORIGIN = "writ.example/123456789012/eu-west-1/lineage";

    private final TestKeys keys = new TestKeys("writ-lineage-checkpoint");
    private String table;
    private LineageAudit audit;
    private LineageWriter shard0;
    private LineageWriter shard1;
    private Checkpointer checkpointer;

    @AfterAll
    static void close() {
        DDB.close();
    }

    @BeforeEach
    void lineage() {
        TestLineage lineage = new TestLineage(DDB, keys.key);
        table = lineage.table;
        audit = lineage.audit;
        shard0 = lineage.shard0;
        shard1 = lineage.shard1;
        checkpointer = Checkpointer.create(audit, keys.signer, keys.key, ORIGIN);
    }

    private static LineageRecord.Draft record(LineageRecord.Type type, String execId, String txn, String par) {
        return TestLineage.record(type, execId, txn, par);
    }

    private void noise(int n) {
        IntStream.range(0, n).forEach(i -> {
            shard0.append(record(LineageRecord.Type.OUTCOME, "n0-" + i, null, null));
            shard1.append(record(LineageRecord.Type.OUTCOME, "n1-" + i, null, null));
        });
    }

    private TrustPolicy trust() {
        return new TrustPolicy(ORIGIN, keys.key, List.of(), 0);
    }

    @Test
    void anExecutionAndItsHopAreProvenAgainstTheFirstCheckpointThatCoversThem() {
        noise(7);
        checkpointer.checkpoint(audit.chains());
        noise(3);
        checkpointer.checkpoint(audit.chains());
        shard0.append(record(LineageRecord.Type.VERIFICATION, "x1", "t1", null));
        noise(2);
        shard1.append(record(LineageRecord.Type.VERIFICATION, "x2", "t1", "x1"));
        shard0.append(record(LineageRecord.Type.OUTCOME, "x1", "t1", null));
        long covering = checkpointer.checkpoint(audit.chains()).record().seq();
        IntStream.range(0, 3).forEach(i -> {
            noise(4);
            checkpointer.checkpoint(audit.chains());
        });

        ProofBundle bundle = ProofExport.of(audit, "x1");
        assertThat(bundle.checkpoint().seq()).as("the first covering checkpoint, not the latest").isEqualTo(covering);
        assertThat(bundle.txn()).contains("t1");
        assertThat(bundle.origin()).as("the origin the checkpoint note names").isEqualTo(ORIGIN);
        assertThat(bundle.records()).extracting(p -> p.record().chain() + ":" + p.record().execId().orElseThrow())
                .containsExactly("orders#0:x1", "orders#0:x1", "orders#1:x2");
        assertThat(bundle.log()).isPresent();
        assertThat(bundle.log().get().inclusion().treeSize()).isEqualTo(covering + 1);

        BundleVerdict v = ProofVerifier.verify(bundle.toJson(), trust());
        assertThat(v.isVerified()).as(v.toJson()).isTrue();
        // The same proof holds after any number of later checkpoints: it is exported the same way again.
        noise(2);
        checkpointer.checkpoint(audit.chains());
        assertThat(ProofExport.of(audit, "x1").toJson()).isEqualTo(bundle.toJson());
    }

    @Test
    void whatCannotBeProvenSaysWhy() {
        noise(2);
        checkpointer.checkpoint(audit.chains());
        shard0.append(record(LineageRecord.Type.VERIFICATION, "late", null, null));
        assertFailure(() -> ProofExport.of(audit, "late"), ProofExport.Failure.NOT_YET_CHECKPOINTED);
        assertFailure(() -> ProofExport.of(audit, "nobody"), ProofExport.Failure.UNKNOWN_EXECUTION);
        LineageAudit keyless = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB, Optional.empty());
        assertFailure(() -> ProofExport.of(keyless, "n0-0"), ProofExport.Failure.NO_CHECKPOINT_KEY);
        LineageAudit otherKey = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB,
                Optional.of(new TestKeys("writ-lineage-checkpoint").key));
        assertFailure(() -> ProofExport.of(otherKey, "n0-0"), ProofExport.Failure.CHECKPOINT_NOT_VERIFIED);

        // A record rewritten in place after the checkpoint: the stored lineage no longer reaches the signed root.
        checkpointer.checkpoint(audit.chains());
        DDB.updateItem(b -> b.tableName(table).key(Map.of("chain", LineageItems.s("orders#0"), "seq", LineageItems.n(0)))
                .updateExpression("SET decision = :d").expressionAttributeValues(Map.of(":d", LineageItems.s("deny"))));
        assertFailure(() -> ProofExport.of(audit, "n0-0"), ProofExport.Failure.PROOF_UNAVAILABLE);
        assertThat(ProofExport.of(audit, "late").records()).hasSize(1);
    }

    private static void assertFailure(Runnable export, ProofExport.Failure failure) {
        assertThatThrownBy(export::run).isInstanceOfSatisfying(ProofExport.ExportException.class,
                e -> assertThat(e.failure()).isEqualTo(failure));
    }
}
