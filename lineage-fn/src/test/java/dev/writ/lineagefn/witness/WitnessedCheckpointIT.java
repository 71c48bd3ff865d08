package dev.writ.lineagefn.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.ChainVerdict;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.AddCheckpointRequest;
import dev.writ.audit.tlog.CosignerKey;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.audit.witness.WitnessClient;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The checkpoint signer (lineage-fn's scheduled handler, KMS on moto, DynamoDB Local) and the
 * witness ({@link WitnessFunction}, its own state table and KMS-encrypted key) meeting over real
 * HTTP on loopback, the witness served as a function URL serves it (no SigV4 signature: 403
 * before the function runs). The witness cosigns a consistent sequence, and the signer stores
 * the cosignatures; it refuses a fork, a rollback and a gap without a proof, and each refusal the
 * signer meets is an alarm line with an EMF metric; a checkpoint the witness never saw fails the
 * verification that requires one cosignature.
 */
class WitnessedCheckpointIT {
    private static final DynamoDbClient DDB = Emulators.dynamoDb();
    private static final KmsClient KMS = Emulators.kms();

    private LoopbackWitness witness;
    private String table;
    private String keyArn;
    private String origin;
    private CheckpointKey checkpointKey;
    private CosignerKey witnessKey;
    private TrustPolicy trust;
    private LineageAudit audit;
    private int appended;

    @BeforeEach
    void stack() throws Exception {
        table = LineageFixtures.newTable(DDB);
        keyArn = LineageFixtures.newCheckpointKey(KMS);
        origin = "writ.example/123456789012/eu-west-1/" + table;
        checkpointKey = new CheckpointKey(CheckpointKey.DEFAULT_NAME, KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(KMS.getPublicKey(b -> b.keyId(keyArn)).publicKey().asByteArray())));
        witness = new LoopbackWitness("witness.example/w1", origin, checkpointKey, DDB, KMS);
        witnessKey = witness.key();
        trust = new TrustPolicy(origin, checkpointKey, List.of(witnessKey), 1);
        audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB, Optional.of(checkpointKey));
    }

    @AfterEach
    void stop() {
        witness.close();
    }

    private URI witnessUrl() {
        return witness.url();
    }

    /** One scheduled run of the signer (after one more record) submitting to {@code witnesses}. */
    private ScheduledSigner.Run checkpoint(String witnesses) {
        LineageFixtures.writer(DDB, table, 0).append(LineageFixtures.outcome("e" + appended++, "alice", System.currentTimeMillis()));
        Map<String, Object> properties = new HashMap<>(Map.of("writ.lineage.table", table, "writ.checkpoint.kms-key-id", keyArn,
                "writ.checkpoint.origin", origin));
        if (!witnesses.isEmpty()) {
            properties.put("writ.checkpoint.witnesses", witnesses);
        }
        return ScheduledSigner.run(properties);
    }

    private ScheduledSigner.Run witnessed() {
        return checkpoint(witness.entry());
    }

    private String storedLogNote(long checkpointSeq) {
        return DDB.getItem(b -> b.tableName(table).consistentRead(true)
                .key(LineageFixtures.key("checkpoint/log", checkpointSeq))).item().get("note").s();
    }

    /** Removes checkpoint {@code seq} and the log checkpoint stored with it, as someone with the break-glass role could. */
    private void deleteCheckpoint(long seq) {
        DDB.deleteItem(b -> b.tableName(table).key(LineageFixtures.key(LineageRecord.CHECKPOINT_CHAIN, seq)));
        DDB.deleteItem(b -> b.tableName(table).key(LineageFixtures.key("checkpoint/log", seq)));
    }

    @Test
    void aConsistentSequenceIsCosignedAndTheCosignaturesStored() {
        for (int i = 0; i < 3; i++) {
            ScheduledSigner.Run run = witnessed();
            assertThat(run.result()).containsEntry("seq", (long) i).containsEntry("logSize", i + 1L).doesNotContainKey("witnessRefusals");
            assertThat(run.printed()).doesNotContain("LINEAGE_WITNESS_REFUSED");
            SignedNote note = SignedNote.parse(storedLogNote(i));
            assertThat(note.verify(trust.logVerifiers()).verifiedBy()).as("checkpoint key and witness").containsExactlyInAnyOrder(checkpointKey, witnessKey);
        }
        assertThat(witness.unsigned()).as("every submission was SigV4-signed").isZero();
        assertThat(audit.verifyCosigned(trust).intact()).as(audit.verifyCosigned(trust).toJson()).isTrue();
    }

    @Test
    void theVerifierRequiringOneCosignatureRejectsACheckpointTheWitnessNeverSaw() {
        witnessed();
        // The key holder signs one more checkpoint without showing it to the witness.
        ScheduledSigner.Run unseen = checkpoint("");
        assertThat(unseen.result()).containsEntry("seq", 1L).doesNotContainKey("witnessRefusals");

        ChainVerdict v = audit.verifyCosigned(trust);
        assertThat(v.fault()).get().extracting(ChainVerdict.Fault::seq, ChainVerdict.Fault::reason)
                .containsExactly(1L, ChainVerdict.ReasonCode.NOT_COSIGNED);
        assertThat(v.fault().get().detail()).contains("cosigned by [], 1 of the trusted witnesses required");
        assertThat(audit.verifyCosigned(trust.requiring(0)).intact()).as("without the requirement").isTrue();

        // The next witnessed run catches the witness up (409 with its size, then a proof from it): cosigned again.
        ScheduledSigner.Run caughtUp = witnessed();
        assertThat(caughtUp.result()).doesNotContainKey("witnessRefusals");
        assertThat(audit.verifyCosigned(trust).intact()).isTrue();
    }

    @Test
    void aForkIsRefusedAndTheSignerRaisesAnAlarm() {
        witnessed();
        witnessed();
        deleteCheckpoint(1);
        ScheduledSigner.Run fork = witnessed(); // a new checkpoint 1: the log at size 2 with another root

        assertThat(fork.result()).containsEntry("seq", 1L).containsEntry("witnessRefusals", List.of("witness.example/w1"));
        assertThat(fork.alarm()).contains("\"level\":\"ALARM\"", "\"WitnessRefusals\":1",
                "\"Name\":\"WitnessRefusals\"", "\"Namespace\":\"Writ/Lineage\"", "\"Table\":\"" + table + "\"",
                "\"witness\":\"witness.example/w1\"", "\"checkpointSeq\":1", "\"reason\":\"REFUSED\"", "\"status\":422",
                "was cosigned with root");
        assertThat(audit.verifyCosigned(trust).fault()).get().extracting(ChainVerdict.Fault::reason)
                .isEqualTo(ChainVerdict.ReasonCode.NOT_COSIGNED);
    }

    @Test
    void aRollbackIsRefusedAndTheSignerRaisesAnAlarm() {
        witnessed();
        witnessed();
        witnessed();
        deleteCheckpoint(2);
        deleteCheckpoint(1);
        ScheduledSigner.Run rollback = witnessed(); // checkpoint 1 again: the log at size 2, the witness holds 3

        assertThat(rollback.result()).containsEntry("witnessRefusals", List.of("witness.example/w1"));
        assertThat(rollback.alarm()).contains("\"reason\":\"ROLLBACK\"", "\"status\":409",
                "the witness cosigned size 3 of this log, which now has 2");
    }

    @Test
    void aGapWithoutAProofIsRefusedAndTheSameJumpWithItsProofCosigned() {
        witnessed();
        checkpoint("");
        checkpoint("");
        SignedNote size3 = SignedNote.parse(storedLogNote(2));
        WitnessClient client = WitnessClient.create(witnessKey, witnessUrl());

        WitnessClient.Reply gap = client.submit(new AddCheckpointRequest(1, List.of(), size3));
        assertThat(gap).isInstanceOfSatisfying(WitnessClient.Refused.class, r -> assertThat(r.status()).isEqualTo(422));
        WitnessClient.Reply rolledBack = client.submit(new AddCheckpointRequest(0, List.of(), size3));
        assertThat(rolledBack).as("old 0 when it holds 1").isEqualTo(new WitnessClient.Stale(1));

        ScheduledSigner.Run next = witnessed(); // log size 4, the witness at 1: the signer proves 1 -> 4
        assertThat(next.result()).doesNotContainKey("witnessRefusals");
        assertThat(audit.verifyCosigned(trust).intact()).isTrue();
    }

    @Test
    void anUnreachableWitnessLeavesTheCheckpointStoredUncosignedAndAlarms() throws IOException {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ScheduledSigner.Run run = checkpoint(witnessKey.verifierKey() + " http://127.0.0.1:" + closed + "/");
        assertThat(run.result()).containsEntry("logSize", 1L).containsEntry("witnessRefusals", List.of("witness.example/w1"));
        assertThat(run.alarm()).contains("\"reason\":\"UNREACHABLE\"", "\"status\":0");
        assertThat(SignedNote.parse(storedLogNote(0)).verify(trust.logVerifiers()).verifiedBy()).containsExactly(checkpointKey);
    }
}
