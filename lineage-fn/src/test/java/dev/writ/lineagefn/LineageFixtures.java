package dev.writ.lineagefn;


import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageTable;
import dev.writ.guard.lineage.LineageWriter;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** Lineage tables, checkpoint keys and records on the emulators (clients from test-support's {@code Emulators}). */
public final class LineageFixtures {
    private LineageFixtures() {
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
