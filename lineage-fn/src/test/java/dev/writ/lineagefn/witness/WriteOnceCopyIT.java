package dev.writ.lineagefn.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.writ.audit.ChainVerdict;
import dev.writ.audit.CheckpointCopy;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.S3CheckpointCopies;
import dev.writ.audit.VerifyProgress;
import dev.writ.audit.proof.TrustPolicy;
import dev.writ.audit.tlog.SignedNote;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import java.net.URI;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * End to end: the scheduled signer (KMS on moto, DynamoDB Local) submits to a witness over
 * loopback HTTP and copies each checkpoint to an S3 bucket with Object Lock in compliance mode on
 * LocalStack (which enforces it; moto does not). Then the newest records and the latest checkpoint
 * are deleted from DynamoDB: the table alone still verifies, the locked copy cannot be deleted,
 * and verification holding the table against the copy names the loss, on the checkpoint chain and
 * at the first deleted record; the copy's log checkpoint carries the witness's cosignature.
 */
class WriteOnceCopyIT {
    private static final DynamoDbClient DDB = Emulators.dynamoDb();
    private static final KmsClient KMS = Emulators.kms();

    private static URI localStack() {
        String endpoint = System.getenv("WRIT_LOCALSTACK_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            fail("WRIT_LOCALSTACK_ENDPOINT is not set: S3 Object Lock is tested on LocalStack (moto does not enforce it);"
                    + " run through scripts/test, which starts it, or scripts/localstack start");
        }
        return URI.create(endpoint);
    }

    @Test
    void deletingTheNewestRecordsAndCheckpointIsNamedAgainstTheLockedCopy() throws Exception {
        URI endpoint = localStack();
        // The signer's own S3 client (S3CheckpointCopies.defaultClient) goes to LocalStack too.
        System.setProperty("aws.endpointUrlS3", endpoint.toString());
        S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint).forcePathStyle(true).build();
        String bucket = "writ-checkpoint-copies-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        s3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));

        String table = LineageFixtures.newTable(DDB);
        String keyArn = LineageFixtures.newCheckpointKey(KMS);
        String origin = "writ.example/123456789012/eu-west-1/" + table;
        CheckpointKey key = new CheckpointKey(CheckpointKey.DEFAULT_NAME, KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(KMS.getPublicKey(b -> b.keyId(keyArn)).publicKey().asByteArray())));
        LineageWriter writer = LineageFixtures.writer(DDB, table, 0);
        try (LoopbackWitness witness = new LoopbackWitness("witness.example/w1", origin, key, DDB, KMS)) {
            Map<String, Object> signer = Map.of("writ.lineage.table", table, "writ.checkpoint.kms-key-id", keyArn,
                    "writ.checkpoint.origin", origin, "writ.checkpoint.witnesses", witness.entry(), "writ.checkpoint.copy-bucket", bucket);
            for (int i = 0; i < 5; i++) {
                writer.append(LineageFixtures.outcome("e" + i, "alice", System.currentTimeMillis()));
                if (i == 2 || i == 4) {
                    assertThat(ScheduledSigner.run(signer).result()).doesNotContainKey("witnessRefusals");
                }
            }
            // Checkpoint 0 pins orders#0 at seq 2, checkpoint 1 at seq 4; both copied, both cosigned.
            S3CheckpointCopies copies = new S3CheckpointCopies(bucket, origin + "/", () -> s3);
            CheckpointCopy newest = copies.newest().orElseThrow();
            assertThat(newest.record().seq()).isEqualTo(1L);
            TrustPolicy trust = new TrustPolicy(origin, key, List.of(witness.key()), 1);
            SignedNote logNote = SignedNote.parse(newest.logNote());
            assertThat(trust.cosigners(logNote, logNote.verify(trust.logVerifiers()), Instant.now()).counted()).containsExactly("witness.example/w1");

            // The attack: the newest records and the checkpoint that pinned them, with what is stored beside it.
            for (long seq : new long[] {3, 4}) {
                DDB.deleteItem(b -> b.tableName(table).key(LineageFixtures.key("orders#0", seq)));
            }
            DDB.deleteItem(b -> b.tableName(table).key(LineageFixtures.key(LineageRecord.CHECKPOINT_CHAIN, 1)));
            DDB.deleteItem(b -> b.tableName(table).key(LineageFixtures.key("checkpoint/log", 1)));

            LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> DDB, Optional.of(key));
            assertThat(audit.verifyAll(VerifyProgress.none())).as("the table alone hides the loss")
                    .allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());

            // The copy is locked in compliance mode: its version cannot be deleted, not even by the account.
            ObjectVersion locked = s3.listObjectVersions(b -> b.bucket(bucket).prefix(origin + "/")).versions().stream()
                    .filter(v -> v.key().endsWith("0000000000000000001.json")).findFirst().orElseThrow();
            assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket(bucket).key(locked.key()).versionId(locked.versionId())))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(403));
            assertThat(copies.newest()).get().extracting(c -> c.record().seq()).isEqualTo(1L);

            LineageAudit held = audit.trusting(copies.newest().orElseThrow());
            List<ChainVerdict> verdicts = held.verifyAll(VerifyProgress.none());
            assertThat(verdicts).extracting(v -> v.chain() + " " + v.fault().map(f -> f.reason() + "@" + f.seq()).orElse("intact"))
                    .containsExactly("checkpoint TRUNCATED_AFTER_CHECKPOINT@1", "orders#0 TRUNCATED_AFTER_CHECKPOINT@3");
            assertThat(held.verifyCosigned(trust).fault()).get().extracting(ChainVerdict.Fault::reason, ChainVerdict.Fault::seq)
                    .containsExactly(ChainVerdict.ReasonCode.LOG_MISMATCH, 1L);
        }
    }
}
