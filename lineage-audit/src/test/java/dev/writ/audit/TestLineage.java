package dev.writ.audit;

import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.LineageWriter;
import java.util.Optional;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A fresh lineage table on DynamoDB Local, writers on {@code orders#0} and {@code orders#1}, and an audit holding the checkpoint key. */
final class TestLineage {
    final String table;
    final LineageAudit audit;
    final LineageWriter shard0;
    final LineageWriter shard1;

    TestLineage(DynamoDbClient ddb, CheckpointKey key) {
        table = DynamoDbTestEnv.newTable(ddb);
        audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> ddb, Optional.of(key));
        shard0 = LineageWriter.create(LineageConfig.builder().table(table).shard(0).build(), () -> ddb);
        shard1 = LineageWriter.create(LineageConfig.builder().table(table).shard(1).build(), () -> ddb);
    }

    /** {@code n} outcomes on each shard ({@code n0-i}, {@code n1-i}): records no test looks at. */
    void noise(int n) {
        IntStream.range(0, n).forEach(i -> {
            shard0.append(record(LineageRecord.Type.OUTCOME, "n0-" + i, null, null));
            shard1.append(record(LineageRecord.Type.OUTCOME, "n1-" + i, null, null));
        });
    }

    /** An outcome of function {@code orders}; {@code txn} and {@code par} when not null. */
    static LineageRecord.Draft record(LineageRecord.Type type, String execId, String txn, String par) {
        LineageRecord.Draft.Builder b = LineageRecord.draft(type).function("orders").execId(execId).decision("allow");
        if (txn != null) {
            b.transaction(txn);
        }
        if (par != null) {
            b.parent(par);
        }
        return b.build();
    }
}
