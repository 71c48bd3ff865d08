package dev.writ.cli.lineage;

import dev.writ.testsupport.Emulators;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.writ.audit.CheckpointCopy;
import dev.writ.audit.CheckpointKey;
import dev.writ.audit.Checkpointer;
import dev.writ.audit.LineageAudit;
import dev.writ.audit.S3CheckpointCopies;
import dev.writ.cli.CliRun;
import dev.writ.core.json.Json;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * {@code writ lineage verify --checkpoint-copies s3://BUCKET/PREFIX/} against DynamoDB Local and an
 * Object Lock bucket on LocalStack (WRIT_LOCALSTACK_ENDPOINT, which scripts/test sets), the CLI's
 * own S3 client sent there: an untouched table verifies against the newest copy (exit 0); with the
 * newest records and the checkpoint that pinned them deleted from the table, the table alone still
 * verifies while the copy names the loss (exit 4); a prefix holding no copy is an error, not a pass.
 */
class CheckpointCopiesCliIT {
    private static final String CHAIN = "orders#0";
    private static DynamoDbClient ddb;
    private static S3Client s3;
    private static String previousEndpoint;

    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeAll
    static void clients() {
        String endpoint = System.getenv("WRIT_LOCALSTACK_ENDPOINT");
        if (endpoint == null || endpoint.isBlank() || System.getenv("AWS_ENDPOINT_URL_DYNAMODB") == null) {
            fail("WRIT_LOCALSTACK_ENDPOINT / AWS_ENDPOINT_URL_DYNAMODB not set: S3 Object Lock is tested on LocalStack;"
                    + " run through scripts/test, which starts it and DynamoDB Local");
        }
        ddb = Emulators.dynamoDb();
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(URI.create(endpoint)).forcePathStyle(true).build();
        // The CLI builds its own S3 client (S3CheckpointCopies.defaultClient): it reads this endpoint.
        previousEndpoint = System.setProperty("aws.endpointUrlS3", endpoint);
    }

    @AfterAll
    static void close() {
        if (previousEndpoint == null) {
            System.clearProperty("aws.endpointUrlS3");
        } else {
            System.setProperty("aws.endpointUrlS3", previousEndpoint);
        }
        ddb.close();
        s3.close();
    }

    private int run(String... args) {
        CliRun result = CliRun.of(args);
        out = result.out();
        err = result.err();
        return result.code();
    }

    @Test
    void verifiesAgainstTheLockedCopyThenNamesTheRecordsAndCheckpointDeletedFromTheTable() throws Exception {
        String table = "writ-lineage-cli-copies-" + UUID.randomUUID();
        LineageTable.create(ddb, table);
        String bucket = "writ-cli-copies-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        s3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));
        assertThat(run("keys", "new", "--out", dir.resolve("k").toString(), "--alg", "ES256")).as(err).isZero();
        String jwks = dir.resolve("k/jwks.json").toString();
        JWK privateKey = JWK.parse(Files.readString(dir.resolve("k/private.jwk")));
        CheckpointKey key = new CheckpointKey(CheckpointKey.DEFAULT_NAME, privateKey.toECKey().toECPublicKey());

        // What the scheduled signer does with WRIT_CHECKPOINT_COPY_BUCKET: checkpoint, then copy it under <origin>/.
        LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> ddb, Optional.of(key));
        Checkpointer signer = Checkpointer.create(audit, LocalSigner.fromJwk(privateKey.toJSONString()), key);
        S3CheckpointCopies copies = new S3CheckpointCopies(bucket, table + "/", () -> s3);
        LineageWriter writer = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb);
        List<CheckpointCopy> copied = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writer.append(LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId("e" + i).decision("success").build());
            if (i == 2 || i == 4) {
                Checkpointer.Checkpoint cp = signer.checkpoint(audit.chains());
                copied.add(new CheckpointCopy(cp.record(), cp.logNote().orElseThrow()));
                copies.put(copied.get(copied.size() - 1));
            }
        }
        String url = "s3://" + bucket + "/" + table + "/";

        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks, "--checkpoint-copies", url)).as(err).isZero();
        assertThat(out).isEmpty();
        assertThat(err).contains("2 chains, 7 records verified, 0 broken");

        // Checkpoint 1 pinned orders#0 at seq 4: delete seq 3 and 4, checkpoint 1 and the log checkpoint stored with it.
        for (String[] k : new String[][] {{CHAIN, "3"}, {CHAIN, "4"}, {LineageRecord.CHECKPOINT_CHAIN, "1"}, {"checkpoint/log", "1"}}) {
            ddb.deleteItem(b -> b.tableName(table).key(Map.of("chain", AttributeValue.builder().s(k[0]).build(),
                    "seq", AttributeValue.builder().n(k[1]).build())));
        }
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks)).as("the table alone hides the loss: " + err).isZero();
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks, "--checkpoint-copies", url)).as(err)
                .isEqualTo(LineageCommand.TAMPERED);
        assertThat(out.lines().map(Json::parseObject).map(v -> v.get("chain") + " " + v.get("reason") + "@" + v.get("seq")))
                .containsExactly("checkpoint TRUNCATED_AFTER_CHECKPOINT@1", CHAIN + " TRUNCATED_AFTER_CHECKPOINT@3");

        // Object Lock stops deletes, not new objects: the older genuine copy 0 added under a key that sorts
        // last hides nothing (it was taken as the newest, and the loss passed), nor under a newer seq's key.
        String older = copied.get(0).toJson();
        s3.putObject(b -> b.bucket(bucket).key(table + "/zzz.json"), RequestBody.fromString(older, StandardCharsets.UTF_8));
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks, "--checkpoint-copies", url)).as(err)
                .isEqualTo(LineageCommand.TAMPERED);
        assertThat(out.lines().map(Json::parseObject).map(v -> v.get("chain") + " " + v.get("reason") + "@" + v.get("seq")))
                .containsExactly("checkpoint TRUNCATED_AFTER_CHECKPOINT@1", CHAIN + " TRUNCATED_AFTER_CHECKPOINT@3");
        s3.putObject(b -> b.bucket(bucket).key(table + "/0000000000000000005.json"), RequestBody.fromString(older, StandardCharsets.UTF_8));
        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks, "--checkpoint-copies", url)).as(err).isEqualTo(1);
        assertThat(err).contains(table + "/0000000000000000005.json (version ")
                .contains("holds the copy of checkpoint 0, not of the checkpoint its key names");

        assertThat(run("lineage", "verify", "--table", table, "--jwks", jwks, "--checkpoint-copies", "s3://" + bucket + "/elsewhere/"))
                .as("no copy there is no pass").isEqualTo(1);
        assertThat(err).contains("no checkpoint copy at s3://" + bucket + "/elsewhere/");
    }
}
