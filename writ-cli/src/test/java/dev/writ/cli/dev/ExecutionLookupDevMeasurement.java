package dev.writ.cli.dev;

import dev.writ.audit.Checkpointer;
import dev.writ.audit.LineageAudit;
import dev.writ.core.json.Json;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.LineageItems;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measures the auditor API's execution lookup through {@code writ dev}: {@code GET
 * /api/executions/{id}} over loopback HTTP, answered by lineage-fn's handler on the stack's embedded
 * DynamoDB Local, at several chain lengths. For each length, a fresh stack whose lineage holds one
 * chain of N records with a checkpoint every {@value #INTERVAL} records signed with the stack's own
 * checkpoint key (a scheduled signer's steady state), the looked-up execution's first record a
 * quarter into the chain and its second after the last checkpoint. Not a test: run by hand,
 * command and results in docs/lineage.md (Auditor reads).
 *
 * <pre>
 * java -cp "$(scripts/classpath writ-cli)" dev.writ.cli.dev.ExecutionLookupDevMeasurement 1000 10000 100000
 * </pre>
 */
final class ExecutionLookupDevMeasurement {
    static final int INTERVAL = 250;
    private static final String CHAIN = "orders#0";
    private static final String TARGET = "target";
    private static final int WARMUP = 20;
    private static final int RUNS = 9;

    private ExecutionLookupDevMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| records per chain | checkpoints | records after the last checkpoint | GET /api/executions/{id} (ms, median of "
                + RUNS + ") | min | max |");
        System.out.println("|---|---|---|---|---|---|");
        for (String arg : args) {
            measure(Integer.parseInt(arg));
        }
    }

    private static void measure(int n) throws Exception {
        Path data = Files.createTempDirectory("writ-dev-lookup");
        try (DevStack stack = DevStack.start(data, 1)) {
            // The stack keeps its checkpoint key under the data folder: sign with it, as its own signer would.
            LocalSigner signer = LocalSigner.fromJwk(Files.readString(
                    data.resolve("keys").resolve("checkpoint").resolve(LocalKeys.PRIVATE_JWK), StandardCharsets.UTF_8));
            LineageAudit audit = stack.audit();
            Checkpointer checkpointer = Checkpointer.create(audit, signer, stack.checkpointKey());
            int checkpoints = fill(stack.dynamo(), checkpointer, n);
            StringWriter log = new StringWriter();
            try (DevServer server = DevServer.start(stack, 0, 2, new PrintWriter(log))) {
                long[] ms = lookups(server);
                System.out.printf(Locale.ROOT, "| %,d | %d | %d | %d | %d | %d |%n", n, checkpoints, n - checkpoints * INTERVAL,
                        ms[RUNS / 2], ms[0], ms[RUNS - 1]);
            }
        } finally {
            delete(data);
        }
    }

    /** Appends {@code n} records to {@link #CHAIN} in batches, checkpointing every {@link #INTERVAL}; returns the checkpoints. */
    private static int fill(DynamoDbClient ddb, Checkpointer checkpointer, int n) {
        String prev = LineageHash.ZERO_HEX;
        List<LineageRecord> batch = new ArrayList<>();
        int checkpoints = 0;
        for (int seq = 0; seq < n; seq++) {
            String execId = seq == n / 4 || seq == n - 1 ? TARGET : "e" + seq;
            LineageRecord r = LineageRecord.seal(CHAIN, seq, prev, LineageRecord.draft(LineageRecord.Type.OUTCOME)
                    .ts(System.currentTimeMillis()).function("orders").execId(execId).decision("success").build());
            prev = r.hash();
            batch.add(r);
            if (batch.size() == 25 || seq == n - 1) {
                write(ddb, batch);
                batch.clear();
            }
            if ((seq + 1) % INTERVAL == 0 && seq < n - 1) {
                checkpointer.checkpoint(Set.of(CHAIN)); // the one chain: audit.chains() is a table scan
                checkpoints++;
            }
        }
        return checkpoints;
    }

    private static void write(DynamoDbClient ddb, List<LineageRecord> records) {
        List<WriteRequest> puts = records.stream()
                .map(r -> WriteRequest.builder().putRequest(PutRequest.builder().item(LineageItems.toItem(r)).build()).build()).toList();
        var left = ddb.batchWriteItem(b -> b.requestItems(Map.of(DevStack.LINEAGE_TABLE, puts))).unprocessedItems();
        while (!left.isEmpty()) {
            var retry = left;
            left = ddb.batchWriteItem(b -> b.requestItems(retry)).unprocessedItems();
        }
    }

    /**
     * Sorted latencies of {@link #RUNS} lookups after {@link #WARMUP} unmeasured ones (with 3, the first
     * size measured in a fresh JVM came out 2 to 3 times slower than the next: JIT warm-up, not the
     * chain); each answer must be the verified execution.
     */
    private static long[] lookups(DevServer server) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.url() + "/api/executions/" + TARGET)).GET().build();
        long[] ms = new long[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = DevHttp.CLIENT.send(get, HttpResponse.BodyHandlers.ofString());
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Object> body = Json.parseObject(r.body());
            if (r.statusCode() != 200 || !Boolean.TRUE.equals(body.get("verified")) || ((List<?>) body.get("records")).size() != 2) {
                throw new IllegalStateException("the target did not verify: " + r.statusCode() + " " + r.body());
            }
            if (i >= 0) {
                ms[i] = elapsed;
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
