package dev.writ.bench;

import dev.writ.guard.writ.Writ;
import com.amazonaws.services.lambda.runtime.Context;
import com.nimbusds.jose.JWSObject;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.GuardedFunction;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.writ.WritVerifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guard / bare ratio measured so that machine load cannot bias it: the same three operations
 * as {@link GuardOverheadBenchmark}, run in alternating slices of about 100 ms of CPU time, each
 * slice timed by this thread's CPU clock, the order rotated every round. Neighbouring slices see
 * the same machine, so each round gives a fair ratio; the median over rounds is reported with its
 * interquartile range. JMH runs benchmarks one after another, minutes apart, and on a shared
 * 2-core machine the load between them changes more than the effect being measured.
 *
 * <p>Thread CPU time leaves out the GC threads; the allocation difference is in the JMH gc
 * profile instead. Usage: {@code java -cp benchmarks.jar dev.writ.bench.InterleavedRatio [rounds]}.
 */
public final class InterleavedRatio {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SLICE_NANOS = 100_000_000L;
    private static final long WARMUP_NANOS = 12_000_000_000L;
    @SuppressWarnings("UnusedVariable") // written, never read: keeps the JIT from dropping the timed work
    private static volatile int sink;

    private InterleavedRatio() {
    }

    private interface Op {
        int run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        System.out.println("| alg | bare Nimbus CPU µs/op | WritVerifier.verify CPU µs/op | Guard.handle CPU µs/op"
                + " | verify / bare | guard / bare, median (IQR) of " + rounds + " rounds | guard ≤ 1.3× bare |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (SigningAlgorithm alg : List.of(SigningAlgorithm.ES256, SigningAlgorithm.PS256)) {
            System.out.println(measure(alg, rounds));
        }
    }

    private static String measure(SigningAlgorithm alg, int rounds) throws Exception {
        GuardFixture fixture = new GuardFixture(alg);
        Guard guard = Guard.create(GuardConfig.builder().verifier(fixture.verifierConfig)
                .logTo(new PrintStream(OutputStream.nullOutputStream())).build());
        WritVerifier verifier = new WritVerifier(fixture.verifierConfig);
        Context context = new BenchContext(GuardFixture.FUNCTION);
        PublicKey key = fixture.publicKey();
        GuardedFunction<Object, Object> noOp = (event, ctx, writ) -> writ;
        Op[] ops = {
            () -> JWSObject.parse(fixture.token).verify(GuardFixture.nimbusVerifier(key)) ? 1 : 0,
            () -> verifier.verify(fixture.token, GuardFixture.FUNCTION, fixture.binding).isAllowed() ? 1 : 0,
            () -> guard.handle(fixture.event, context, noOp) instanceof dev.writ.guard.writ.Writ ? 1 : 0,
        };
        for (Op op : ops) {
            if (op.run() != 1) {
                throw new IllegalStateException(alg + ": the benchmark writ was not accepted");
            }
        }
        long[] batch = new long[ops.length];
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < warmupEnd) {
            for (int i = 0; i < ops.length; i++) {
                batch[i] = calibrate(ops[i]);
            }
        }
        double[][] perOp = new double[ops.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.length; k++) {
                int i = (k + r) % ops.length; // rotate the order so no operation always runs first
                perOp[i][r] = timeBatch(ops[i], batch[i]) / 1_000.0 / batch[i];
            }
        }
        double[] guardRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            guardRatios[r] = perOp[2][r] / perOp[0][r];
        }
        double bare = median(perOp[0]);
        double verify = median(perOp[1]);
        double guarded = median(perOp[2]);
        double ratio = median(guardRatios);
        double q1 = quantile(guardRatios, 0.25);
        double q3 = quantile(guardRatios, 0.75);
        String verdict = q3 <= 1.3 ? "met" : q1 > 1.3 ? "NOT met" : "inconclusive (IQR spans 1.3)";
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f | %.2f (%.2f–%.2f) | %s |",
                alg, bare, verify, guarded, verify / bare, ratio, q1, q3, verdict);
    }

    /** Operations per slice of about {@link #SLICE_NANOS} CPU time. */
    private static long calibrate(Op op) throws Exception {
        long n = 1;
        while (true) {
            long cpu = timeBatch(op, n);
            if (cpu >= SLICE_NANOS / 4) {
                return Math.max(1, n * SLICE_NANOS / cpu);
            }
            n *= 2;
        }
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // one measuring thread; the volatile is a sink, not a counter
    private static long timeBatch(Op op, long n) throws Exception {
        int acc = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (long i = 0; i < n; i++) {
            acc += op.run();
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - start;
        sink += acc;
        return cpu;
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
