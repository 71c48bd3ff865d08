package dev.writ.policy.eval;


import dev.writ.policy.bundle.BundleSource;
import dev.writ.policy.bundle.RouteMatch;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link PolicyBundle#authorize} on the payments-api bundle (10 policies, request
 * validated against the schema), with the policy set and schema cached on the native side
 * (what {@link PolicyBundle#compile} does) against the uncached baseline; and the cost of
 * compiling the bundle (parse, strict validation), which the authorizer pays at cold start.
 * Run from the module folder (see README, "Benchmarks").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvaluationBenchmark {
    private BundleSource source;
    private PolicyBundle cached;
    private PolicyBundle uncached;
    private AuthzRequest allow;
    private AuthzRequest forbid;

    @Setup
    public void setUp() throws IOException {
        source = BundleSource.fromDirectory(Path.of(System.getProperty("writ.bundle", "payments-api")));
        cached = PolicyBundle.compile(source).bundle().orElseThrow();
        uncached = PolicyBundle.compileUncached(source).bundle().orElseThrow();
        RouteMatch approve = cached.route("POST", "/payments/p-42/approve").orElseThrow();
        Instant ten = Instant.parse("2026-11-23T10:00:00Z");
        allow = AuthzRequest.forRoute(approve, "april", Set.of("approver"), Map.of("now", ten, "mfa", true, "amount", 500L));
        forbid = AuthzRequest.forRoute(approve, "sue", Set.of("admin", "suspended"), Map.of("now", ten, "mfa", true, "amount", 500L));
        if (!cached.authorize(allow).isAllowed() || uncached.authorize(forbid).isAllowed()) {
            throw new IllegalStateException("benchmark requests do not decide as expected");
        }
    }

    @Benchmark
    public Evaluation allowCached() {
        return cached.authorize(allow);
    }

    @Benchmark
    public Evaluation allowUncached() {
        return uncached.authorize(allow);
    }

    @Benchmark
    public Evaluation forbidCached() {
        return cached.authorize(forbid);
    }

    @Benchmark
    public Evaluation forbidUncached() {
        return uncached.authorize(forbid);
    }

    @Benchmark
    public PolicyBundle.Compiled compileBundle() {
        return PolicyBundle.compileUncached(source);
    }
}
