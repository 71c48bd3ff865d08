package dev.writ.lineagefn;


import static org.assertj.core.api.Assertions.fail;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * DynamoDB Local and moto (KMS) over HTTP, as scripts/test starts them. Endpoints, region and
 * credentials come from the SDK's own variables; a missing one fails the test with a clear message.
 */
public final class Emulators {
    private Emulators() {
    }

    public static void require(String... vars) {
        for (String v : vars) {
            String value = System.getenv(v);
            if (value == null || value.isBlank()) {
                fail(v + " is not set: run the integration tests through scripts/test, which starts DynamoDB Local and"
                        + " moto and exports AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_KMS, AWS_REGION and test credentials");
            }
        }
    }

    public static DynamoDbClient dynamoDb() {
        require("AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static KmsClient kms() {
        require("AWS_ENDPOINT_URL_KMS", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        return KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A fresh lineage table (LineageTable's shape) with a unique name. */
    public static String newTable(DynamoDbClient ddb) {
        String table = "writ-lineage-fn-it-" + UUID.randomUUID();
        LineageTable.create(ddb, table);
        return table;
    }

    /** A fresh ECC_NIST_P256 signing key; returns its ARN. */
    public static String newCheckpointKey(KmsClient kms) {
        return kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)
                .description("lineage-fn IT checkpoint key")).keyMetadata().arn();
    }

    /** A writer pinned to {@code function#shard} of {@code table}. */
    public static LineageWriter writer(DynamoDbClient ddb, String table, int shard) {
        return LineageWriter.create(LineageConfig.builder().table(table).shard(shard).build(), () -> ddb);
    }

    public static LineageRecord.Draft outcome(String execId, String principal, long ts) {
        return outcome(execId, principal, ts, null, null);
    }

    /** An outcome of an execution in transaction {@code txn}, invoked by execution {@code par} (both may be null). */
    public static LineageRecord.Draft outcome(String execId, String principal, long ts, String txn, String par) {
        return LineageRecord.draft(LineageRecord.Type.OUTCOME).function("orders").execId(execId).principal(principal)
                .action("Order::read").resource("Order::\"42\"").decision("allow").ts(ts).transaction(txn).parent(par).build();
    }

    public static Map<String, AttributeValue> key(String chain, long seq) {
        return Map.of("chain", AttributeValue.builder().s(chain).build(), "seq", AttributeValue.builder().n(Long.toString(seq)).build());
    }
}
