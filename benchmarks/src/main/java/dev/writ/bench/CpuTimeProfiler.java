package dev.writ.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports process CPU time per operation ({@code cpu.us/op}) next to JMH's wall-clock score.
 * The build machines run several builds on two cores, so wall-clock time per operation mostly
 * measures how often the benchmark thread was scheduled; CPU time per operation is what the
 * code costs, and is the steadier basis for a ratio. It counts every thread of the fork, so it
 * includes GC work caused by allocation (a real cost) and any late JIT compilation (small after
 * warmup). Use with {@code -prof dev.writ.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startNanos;
        // All operations of the iteration, including those run while threads synchronise at its
        // edges: the CPU window spans the whole iteration too.
        long ops = result.getMetadata().getAllOps();
        double microsPerOp = ops == 0 ? Double.NaN : cpuNanos / 1_000.0 / ops;
        return List.of(new ScalarResult("cpu.us/op", microsPerOp, "us/op", AggregationPolicy.AVG));
    }
}
