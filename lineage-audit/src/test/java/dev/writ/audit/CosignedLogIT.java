package dev.writ.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.Cosignature;
import dev.writ.audit.tlog.CosignatureSigner;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.tlog.TlogCheckpoint;
import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageItems;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code LineageAudit.verifyCosigned} on DynamoDB Local, for what a witnessed deployment meets
 * besides a clean run: a table whose newest checkpoint was written before log checkpoints existed
 * (so even requiring no cosignature finds no log to check), and a witness's cosignature dated
 * ahead of the verifier's clock.
 */
class CosignedLogIT {
    private static final DynamoDbClient DDB = DynamoDbTestEnv.client();

    private final TestKeys keys = new TestKeys("writ.example/lineage");
    private final CosignatureSigner witness = witness("witness.example/w1");
    private TestLineage lineage;

    @AfterAll
    static void close() {
        DDB.close();
    }

    private static CosignatureSigner witness(String name) {
        try {
            return new CosignatureSigner(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void lineage() {
        lineage = new TestLineage(DDB, keys.key);
        lineage.noise(3);
    }

    /** The origin was the table name before it was configurable, as it still is by default. */
    private TrustPolicy trust(int required) {
        return new TrustPolicy(lineage.table, keys.key, List.of(witness.key()), required);
    }

    @Test
    void aTableCheckpointedBeforeLogCheckpointsIsNotCosignedEvenRequiringNoneAndTheDetailSaysWhatToDo() {
        // A checkpoint as the signer wrote it before trees and log checkpoints (docs/lineage.md, Format
        // versions): a v1 note of heads only, appended to the checkpoint chain, nothing stored beside it.
        LineageRecord head = lineage.audit.store().head("orders#0").orElseThrow();
        String v1 = "writ-lineage-checkpoint/v1\n" + lineage.table + "\n" + System.currentTimeMillis() + "\n"
                + "orders#0 " + head.seq() + " " + head.hash() + "\n";
        lineage.audit.appender().appendTo(LineageRecord.CHECKPOINT_CHAIN, LineageRecord.draft(LineageRecord.Type.CHECKPOINT)
                .note(CheckpointNote.sign(v1, keys.signer, keys.key)).build());

        ChainVerdict old = lineage.audit.verifyCosigned(trust(0));
        assertThat(old.fault()).get().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.NOT_COSIGNED);
            assertThat(f.seq()).isZero();
            assertThat(f.detail()).contains("no log checkpoint is stored with the newest checkpoint")
                    .contains("run the checkpoint signer once");
        });

        // The signer's next run logs every checkpoint record, the old one as leaf 0: requiring none then holds.
        Checkpointer.create(lineage.audit, keys.signer, keys.key, lineage.table).checkpoint(lineage.audit.chains());
        ChainVerdict after = lineage.audit.verifyCosigned(trust(0));
        assertThat(after.intact()).as(after.toJson()).isTrue();
        assertThat(after.recordsVerified()).isEqualTo(2);
    }

    @Test
    void aCosignatureDatedBeyondTheSkewAheadIsNotCountedAndTheDetailNamesIt() {
        Checkpointer.Checkpoint cp = Checkpointer.create(lineage.audit, keys.signer, keys.key, lineage.table).checkpoint(lineage.audit.chains());
        long k = cp.record().seq();
        TlogCheckpoint log = cp.log().orElseThrow();
        String signed = cp.logNote().orElseThrow();
        long aDayAhead = Instant.now().getEpochSecond() + 86_400;

        cosignStored(k, signed, log, aDayAhead);
        ChainVerdict ahead = lineage.audit.verifyCosigned(trust(1));
        assertThat(ahead.fault()).get().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.NOT_COSIGNED);
            assertThat(f.detail()).contains("cosigned by []").contains("more than 10 minutes ahead of this clock: [witness.example/w1 at "
                    + aDayAhead + "]");
        });

        cosignStored(k, signed, log, Instant.now().getEpochSecond());
        assertThat(lineage.audit.verifyCosigned(trust(1)).intact()).isTrue();
    }

    @Test
    void aCosignatureCountsUpToExactlyTheSkewAheadOfTheVerifiersClock() {
        Checkpointer.Checkpoint cp = Checkpointer.create(lineage.audit, keys.signer, keys.key, lineage.table).checkpoint(lineage.audit.chains());
        long signedAt = 1_765_000_000L;
        cosignStored(cp.record().seq(), cp.logNote().orElseThrow(), cp.log().orElseThrow(), signedAt);
        Instant atTheSkew = Instant.ofEpochSecond(signedAt - Cosignature.MAX_AHEAD.toSeconds());
        assertThat(lineage.audit.verifyCosigned(trust(1), Clock.fixed(atTheSkew, ZoneOffset.UTC)).intact()).isTrue();
        ChainVerdict aSecondEarlier = lineage.audit.verifyCosigned(trust(1), Clock.fixed(atTheSkew.minusSeconds(1), ZoneOffset.UTC));
        assertThat(aSecondEarlier.fault()).get().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ChainVerdict.ReasonCode.NOT_COSIGNED);
            assertThat(f.detail()).contains("[witness.example/w1 at " + signedAt + "]");
        });
    }

    /** Replaces the stored log checkpoint of checkpoint {@code k} by {@code signed} cosigned by the witness at {@code time}. */
    private void cosignStored(long k, String signed, TlogCheckpoint log, long time) {
        String cosigned = SignedNote.parse(signed).plus(List.of(witness.sign(log, time).toNoteSignature())).format();
        Map<String, AttributeValue> key = Map.of("chain", LineageItems.s(CheckpointState.LOG), "seq", LineageItems.n(k));
        DDB.updateItem(b -> b.tableName(lineage.table).key(key).updateExpression("SET note = :n")
                .expressionAttributeValues(Map.of(":n", LineageItems.s(cosigned))));
    }
}
