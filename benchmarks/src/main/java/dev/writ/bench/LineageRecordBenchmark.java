package dev.writ.bench;

import dev.writ.guard.lineage.LineageRecord;
import dev.writ.guard.lineage.internal.DynamoDbChainStore;
import dev.writ.guard.lineage.internal.LineageHash;
import dev.writ.guard.lineage.internal.RecordJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The guard's verification record before its {@code PutItem}, in the steps the writer takes on the
 * request path: the draft, its RFC 8785 canonical form (java-json-canonicalization over JSON-P), the
 * record sealed on its chain (that JCS, the leaf and link SHA-256, hex), and the SDK request with the
 * record as an item. What the put itself costs is {@link LineageWriteMeasure}'s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LineageRecordBenchmark {

    private final LineageRecord.Draft draft = LineageWriteMeasure.draft();
    private final LineageRecord sealed = LineageRecord.seal("payments#1", 41, LineageHash.ZERO_HEX, draft);

    @Benchmark
    public LineageRecord.Draft draft() {
        return LineageWriteMeasure.draft();
    }

    @Benchmark
    public byte[] canonicalContent() {
        return RecordJson.canonicalContent(sealed);
    }

    @Benchmark
    public LineageRecord seal() {
        return LineageRecord.seal("payments#1", 42, sealed.hash(), draft);
    }

    @Benchmark
    public PutItemRequest putItemRequest() {
        return DynamoDbChainStore.putRequest("writ-lineage", sealed);
    }
}
