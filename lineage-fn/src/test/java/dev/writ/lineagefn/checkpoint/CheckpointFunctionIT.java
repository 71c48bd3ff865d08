package dev.writ.lineagefn.checkpoint;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.writ.audit.ChainVerdict;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.CheckpointNote;
import dev.writ.audit.LineageAudit;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.audit.VerifyProgress;
import dev.writ.lineagefn.LineageFixtures;
import dev.writ.testsupport.Emulators;
import io.micronaut.context.ApplicationContext;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The scheduled checkpoint signer against DynamoDB Local and KMS on moto (ECC_NIST_P256): the
 * handler appends a checkpoint whose C2SP note verifies with the public key from GetPublicKey
 * alone, and the auditor's verification (LineageAudit, what {@code writ lineage verify} runs)
 * accepts it and uses it to catch a truncated tail.
 */
class CheckpointFunctionIT {

    @Test
    void scheduledRunSignsAllHeadsAndAuditAcceptsIt() throws Exception {
        DynamoDbClient ddb = Emulators.dynamoDb();
        KmsClient kms = Emulators.kms();
        String table = LineageFixtures.newTable(ddb);
        String keyArn = LineageFixtures.newCheckpointKey(kms);
        var w0 = LineageFixtures.writer(ddb, table, 0);
        var w1 = LineageFixtures.writer(ddb, table, 1);
        IntStream.range(0, 5).forEach(i -> w0.append(LineageFixtures.outcome("a" + i, "alice", System.currentTimeMillis())));
        IntStream.range(0, 2).forEach(i -> w1.append(LineageFixtures.outcome("b" + i, "bob", System.currentTimeMillis())));

        Map<String, Object> out;
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("writ.lineage.table", table, "writ.checkpoint.kms-key-id", keyArn,
                "writ.checkpoint.origin", "writ.example/123456789012/eu-west-1/" + table))) {
            CheckpointFunction fn = new CheckpointFunction(ctx);
            out = fn.handleRequest(new ScheduledEvent(), null);
        }
        assertThat(out).containsEntry("chain", "checkpoint").containsEntry("seq", 0L).containsEntry("logSize", 1L)
                .doesNotContainKey("chainsWithoutTree");

        // The verifier key comes from KMS GetPublicKey alone (DER SPKI), nothing of the signer's.
        byte[] spki = kms.getPublicKey(b -> b.keyId(keyArn)).publicKey().asByteArray();
        PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        CheckpointKey key = new CheckpointKey(CheckpointKey.DEFAULT_NAME, pub);

        LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> ddb, Optional.of(key));
        assertThat(audit.verifyCheckpoints(VerifyProgress.none()).latest()).as("the audit accepts the signed note").isPresent();
        LineageRecord cp = readCheckpoint(ddb, table);
        CheckpointNote.Contents contents = CheckpointNote.verify(cp.note().orElseThrow(), key).orElseThrow();
        assertThat(contents.origin()).isEqualTo("writ.example/123456789012/eu-west-1/" + table);
        assertThat(contents.heads()).extracting(h -> h.chain() + "@" + h.seq()).containsExactly("orders#0@4", "orders#1@1");
        assertThat(contents.version()).isEqualTo(2);
        assertThat(contents.roots()).containsOnlyKeys("orders#0", "orders#1");
        // The log checkpoint, signed by the same KMS key, is stored beside the chain.
        String logNote = ddb.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of("chain",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("checkpoint/log"), "seq",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("0")))).item().get("note").s();
        assertThat(dev.writ.audit.LogCheckpoints.verify(logNote, key, contents.origin())).get()
                .extracting(dev.writ.audit.tlog.TlogCheckpoint::treeSize).isEqualTo(1L);

        List<ChainVerdict> verdicts = audit.verifyAll(VerifyProgress.none());
        assertThat(verdicts).extracting(ChainVerdict::chain).containsExactly("checkpoint", "orders#0", "orders#1");
        assertThat(verdicts).allSatisfy(v -> assertThat(v.intact()).as(v.toJson()).isTrue());

        // What the checkpoint is for: the tail deleted after it is found, at the first missing seq.
        ddb.deleteItem(b -> b.tableName(table).key(LineageFixtures.key("orders#0", 4)));
        ChainVerdict truncated = audit.verifyChain("orders#0", VerifyProgress.none());
        assertThat(truncated.fault()).get().extracting(ChainVerdict.Fault::seq, ChainVerdict.Fault::reason)
                .containsExactly(4L, ChainVerdict.ReasonCode.TRUNCATED_AFTER_CHECKPOINT);

        // A note signed by another key does not verify with this one.
        PublicKey other = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                kms.getPublicKey(b -> b.keyId(LineageFixtures.newCheckpointKey(kms))).publicKey().asByteArray()));
        assertThat(CheckpointNote.verify(cp.note().orElseThrow(), new CheckpointKey(CheckpointKey.DEFAULT_NAME, other))).isEmpty();
    }

    @Test
    void withoutAKmsKeyTheSignerFailsLoudly() {
        DynamoDbClient ddb = Emulators.dynamoDb();
        String table = LineageFixtures.newTable(ddb);
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("writ.lineage.table", table))) {
            CheckpointFunction fn = new CheckpointFunction(ctx);
            assertThatThrownBy(() -> fn.handleRequest(new ScheduledEvent(), null))
                    .hasMessageContaining("WRIT_CHECKPOINT_KMS_KEY_ID is not set");
        }
    }

    private static LineageRecord readCheckpoint(DynamoDbClient ddb, String table) {
        return LineageRecord.fromItem(ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(LineageFixtures.key(LineageRecord.CHECKPOINT_CHAIN, 0))).item());
    }
}
