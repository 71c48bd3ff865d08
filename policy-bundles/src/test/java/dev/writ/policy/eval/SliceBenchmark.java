package dev.writ.policy.eval;


import dev.writ.policy.TestBundles;
import dev.writ.policy.bundle.BundleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision (a viewer's {@code GET /payments/{id}}, with the context the authorizer supplies) as
 * {@link PolicyBundle#authorize} makes it, sending Cedar only the static entities, the policies and
 * the context attributes the request can need, against sending the whole store ({@code
 * wholeStore}), every policy ({@code everyPolicy}) or every attribute the action declares ({@code
 * everyDeclaredAttribute}), on payments-api as it is and with {@code extraGroups} more (unrelated)
 * groups in entities.json: the slice stays flat while the whole store grows with the bundle. Run
 * from the module folder (README, "Benchmarks").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SliceBenchmark {
    @Param({"0", "100"})
    public int extraGroups;

    private PolicyBundle bundle;
    private AuthzRequest read;

    @Setup
    public void setUp() throws IOException {
        Path dir = TestBundles.copyPayments(Files.createTempDirectory("writ-bench"));
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < extraGroups; i++) {
            extra.append(",\n  {\"uid\": {\"type\": \"Payments::Group\", \"id\": \"team-").append(i)
                    .append("\"}, \"attrs\": {}, \"parents\": [{\"type\": \"Payments::Group\", \"id\": \"viewer\"}]}");
        }
        Path entities = dir.resolve(BundleSource.ENTITIES);
        String text = Files.readString(entities).strip();
        Files.writeString(entities, text.substring(0, text.length() - 1).stripTrailing() + extra + "\n]\n");
        bundle = PolicyBundle.compile(BundleSource.fromDirectory(dir)).bundle().orElseThrow();
        read = AuthzRequest.forRoute(bundle.route("GET", "/payments/p-42").orElseThrow(), "vera", Set.of("viewer"),
                Map.of("now", Instant.parse("2026-11-23T10:00:00Z"), "mfa", false, "scopes", Set.of("payments/read"),
                        "sourceIp", Map.of("__extn", Map.of("fn", "ip", "arg", "198.51.100.7"))));
        Evaluation decision = bundle.authorize(read);
        if (!decision.isAllowed() || !decision.equals(bundle.authorize(read, References.WHOLE_STORE))
                || !decision.equals(bundle.authorize(read, References.EVERY_POLICY))
                || !decision.equals(bundle.authorize(read, References.EVERY_DECLARED_ATTRIBUTE))) {
            throw new IllegalStateException("benchmark request does not decide as expected");
        }
    }

    @Benchmark
    public Evaluation slice() {
        return bundle.authorize(read);
    }

    @Benchmark
    public Evaluation wholeStore() {
        return bundle.authorize(read, References.WHOLE_STORE);
    }

    @Benchmark
    public Evaluation everyPolicy() {
        return bundle.authorize(read, References.EVERY_POLICY);
    }

    @Benchmark
    public Evaluation everyDeclaredAttribute() {
        return bundle.authorize(read, References.EVERY_DECLARED_ATTRIBUTE);
    }
}
