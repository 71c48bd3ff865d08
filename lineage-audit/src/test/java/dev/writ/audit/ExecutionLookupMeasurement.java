package dev.writ.audit;

import dev.writ.guard.lineage.DynamoDbTestEnv;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measures an execution lookup on DynamoDB Local at several chain lengths: the full walk
 * ({@code LineageAudit.execution}, what the auditor API did) against the bounded proof
 * ({@code LineageAudit.provenExecution}, what it does now). One chain of N records, a checkpoint
 * every {@value #INTERVAL} records (a scheduled signer's steady state), the looked-up execution's
 * first record a quarter into the chain, its second after the last checkpoint. Not a test: run by
 * hand, command and results in docs/lineage.md (Auditor reads).
 *
 * <pre>
 * scripts/emulators start; eval "$(scripts/emulators env)"
 * java -cp "$(scripts/classpath lineage-audit)" dev.writ.audit.ExecutionLookupMeasurement 1000 10000 100000
 * scripts/emulators stop
 * </pre>
 */
final class ExecutionLookupMeasurement {
    static final int INTERVAL = 250;
    private static final String CHAIN = "orders#0";
    private static final int RUNS = 5;

    private ExecutionLookupMeasurement() {
    }

    public static void main(String[] args) {
        DynamoDbClient ddb = DynamoDbTestEnv.client();
        TestKeys keys = new TestKeys("writ-lineage-checkpoint");
        System.out.println("| records per chain | checkpoints | full walk (ms, median of " + RUNS + ") | bounded proof (ms, median of " + RUNS + ") |");
        System.out.println("|---|---|---|---|");
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            String table = DynamoDbTestEnv.newTable(ddb);
            LineageAudit audit = LineageAudit.create(LineageConfig.builder().table(table).build(), () -> ddb, Optional.of(keys.key));
            Checkpointer checkpointer = Checkpointer.create(audit, keys.signer, keys.key, "writ.example/measurement");
            String prev = LineageHash.ZERO_HEX;
            List<LineageRecord> batch = new ArrayList<>();
            int checkpoints = 0;
            for (int seq = 0; seq < n; seq++) {
                String execId = seq == n / 4 || seq == n - 1 ? "target" : "e" + seq;
                LineageRecord r = LineageRecord.seal(CHAIN, seq, prev, LineageRecord.draft(LineageRecord.Type.OUTCOME)
                        .ts(System.currentTimeMillis()).function("orders").execId(execId).decision("success").build());
                prev = r.hash();
                batch.add(r);
                if (batch.size() == 25 || seq == n - 1) {
                    write(ddb, table, batch);
                    batch.clear();
                }
                if ((seq + 1) % INTERVAL == 0 && seq < n - 1) {
                    checkpointer.checkpoint(Set.of(CHAIN)); // the one chain: audit.chains() is a table scan
                    checkpoints++;
                }
            }
            long full = median(() -> audit.execution("target", VerifyProgress.none()));
            long bounded = median(() -> audit.provenExecution("target"));
            System.out.printf(Locale.ROOT, "| %,d | %d | %d | %d |%n", n, checkpoints, full, bounded);
        }
    }

    private static void write(DynamoDbClient ddb, String table, List<LineageRecord> records) {
        List<WriteRequest> puts = records.stream()
                .map(r -> WriteRequest.builder().putRequest(PutRequest.builder().item(LineageItems.toItem(r)).build()).build()).toList();
        var left = ddb.batchWriteItem(b -> b.requestItems(java.util.Map.of(table, puts))).unprocessedItems();
        while (!left.isEmpty()) {
            var retry = left;
            left = ddb.batchWriteItem(b -> b.requestItems(retry)).unprocessedItems();
        }
    }

    private static void check(List<LineageAudit.IndexedRecord> found) {
        if (found.size() != 2 || !found.stream().allMatch(LineageAudit.IndexedRecord::verified)) {
            throw new IllegalStateException("the target did not verify: " + found);
        }
    }

    private static long median(Supplier<List<LineageAudit.IndexedRecord>> lookup) {
        long[] ms = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            List<LineageAudit.IndexedRecord> found = lookup.get();
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            check(found);
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
