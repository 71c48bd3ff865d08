package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.audit.proof.BoundedBundle;
import dev.writ.audit.proof.BundleVerdict;
import dev.writ.audit.proof.ProofBundle;
import dev.writ.audit.proof.ProofVerifier;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
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
    private TestLineage lineage;
    private Checkpointer checkpointer;

    @AfterAll
    static void close() {
        DDB.close();
    }

    @BeforeEach
    void lineage() {
        lineage = new TestLineage(DDB, keys.key);
        checkpointer = Checkpointer.create(lineage.audit, keys.signer, keys.key, ORIGIN);
    }

    private static LineageRecord.Draft record(LineageRecord.Type type, String execId, String txn, String par) {
        return TestLineage.record(type, execId, txn, par);
    }

    private TrustPolicy trust() {
        return new TrustPolicy(ORIGIN, keys.key, List.of(), 0);
    }

    @Test
    void anExecutionAndItsHopAreProvenAgainstTheFirstCheckpointThatCoversThem() {
        lineage.noise(7);
        checkpointer.checkpoint(lineage.audit.chains());
        lineage.noise(3);
        checkpointer.checkpoint(lineage.audit.chains());
        lineage.shard0.append(record(LineageRecord.Type.VERIFICATION, "x1", "t1", null));
        lineage.noise(2);
        lineage.shard1.append(record(LineageRecord.Type.VERIFICATION, "x2", "t1", "x1"));
        lineage.shard0.append(record(LineageRecord.Type.OUTCOME, "x1", "t1", null));
        long covering = checkpointer.checkpoint(lineage.audit.chains()).record().seq();
        IntStream.range(0, 3).forEach(i -> {
            lineage.noise(4);
            checkpointer.checkpoint(lineage.audit.chains());
        });

        BoundedBundle exported = ProofExport.of(lineage.audit, "x1");
        ProofBundle bundle = exported.bundle();
        assertThat(exported.json()).as("the JSON whose size was checked is the bundle's").isEqualTo(bundle.toJson());
        assertThat(bundle.checkpoint().seq()).as("the first covering checkpoint, not the latest").isEqualTo(covering);
        assertThat(bundle.txn()).contains("t1");
        assertThat(bundle.origin()).as("the origin the checkpoint note names").isEqualTo(ORIGIN);
        assertThat(bundle.records()).extracting(p -> p.record().chain() + ":" + p.record().execId().orElseThrow())
                .containsExactly("orders#0:x1", "orders#0:x1", "orders#1:x2");
        assertThat(bundle.log()).isPresent();
        assertThat(bundle.log().get().inclusion().treeSize()).isEqualTo(covering + 1);

        BundleVerdict v = ProofVerifier.verify(exported.json(), trust());
        assertThat(v.isVerified()).as(v.toJson()).isTrue();
        // The same proof holds after any number of later checkpoints: it is exported the same way again.
        lineage.noise(2);
        checkpointer.checkpoint(lineage.audit.chains());
        assertThat(ProofExport.of(lineage.audit, "x1").json()).isEqualTo(exported.json());
    }

    @Test
    void whatCannotBeProvenSaysWhy() {
        lineage.noise(2);
        checkpointer.checkpoint(lineage.audit.chains());
        lineage.shard0.append(record(LineageRecord.Type.VERIFICATION, "late", null, null));
        assertFailure(() -> ProofExport.of(lineage.audit, "late"), ProofExport.Failure.NOT_YET_CHECKPOINTED);
        assertFailure(() -> ProofExport.of(lineage.audit, "nobody"), ProofExport.Failure.UNKNOWN_EXECUTION);
        LineageAudit keyless = LineageAudit.create(LineageConfig.builder().table(lineage.table).build(), () -> DDB, Optional.empty());
        assertFailure(() -> ProofExport.of(keyless, "n0-0"), ProofExport.Failure.NO_CHECKPOINT_KEY);
        LineageAudit otherKey = LineageAudit.create(LineageConfig.builder().table(lineage.table).build(), () -> DDB,
                Optional.of(new TestKeys("writ-lineage-checkpoint").key));
        assertFailure(() -> ProofExport.of(otherKey, "n0-0"), ProofExport.Failure.CHECKPOINT_NOT_VERIFIED);

        // A record rewritten in place after the checkpoint: the stored lineage no longer reaches the signed root.
        checkpointer.checkpoint(lineage.audit.chains());
        DDB.updateItem(b -> b.tableName(lineage.table).key(Map.of("chain", LineageItems.s("orders#0"), "seq", LineageItems.n(0)))
                .updateExpression("SET decision = :d").expressionAttributeValues(Map.of(":d", LineageItems.s("deny"))));
        assertFailure(() -> ProofExport.of(lineage.audit, "n0-0"), ProofExport.Failure.PROOF_UNAVAILABLE);
        assertThat(ProofExport.of(lineage.audit, "late").bundle().records()).hasSize(1);
    }

    private static void assertFailure(Runnable export, ProofExport.Failure failure) {
        assertThatThrownBy(export::run).isInstanceOfSatisfying(ProofExport.ExportException.class,
                e -> assertThat(e.failure()).isEqualTo(failure));
    }
}
