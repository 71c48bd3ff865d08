package dev.writ.authorizer;

import dev.writ.core.crypto.CryptoProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decisions per second of the three signing modes measured side by side, so that the load of a
 * shared machine cannot bias their ratio: each round runs every mode for one slice of wall time
 * (the order rotated every round), neighbouring slices see the same machine, and the median over
 * rounds of each rate and of each ratio to {@code kms} is reported with its interquartile range.
 * Wall time, not CPU time: {@code kms} spends most of a decision waiting for the KMS emulator.
 * JMH ({@link AuthorizerBenchmark}) runs the modes minutes apart instead. A fourth row runs
 * {@code kms-delegated} with the verified-token cache off: what a decision costs when every request
 * brings a token this container has not seen.
 *
 * <p>Usage (emulator variables set): {@code java -cp ... dev.writ.authorizer.SigningModeRatio [rounds] [sliceMillis]};
 * command and results in bench/RESULTS.md.
 */
public final class SigningModeRatio {

    private static final Duration WARMUP = Duration.ofSeconds(15);

    private SigningModeRatio() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long sliceNanos = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 400).toNanos();
        boolean accelerated = CryptoProvider.awaitAccelerated(Duration.ofSeconds(60));
        Map<String, SigningModeFixture> fixtures = new LinkedHashMap<>();
        for (String mode : SigningModeFixture.MODES) {
            fixtures.put(mode, new SigningModeFixture(mode));
        }
        SigningModeFixture uncached = new SigningModeFixture("kms-delegated", false);
        fixtures.put(uncached.label, uncached);
        List<SigningModeFixture> order = new ArrayList<>(fixtures.values());
        long warmEnd = System.nanoTime() + WARMUP.toNanos();
        while (System.nanoTime() < warmEnd) {
            order.forEach(f -> run(f, sliceNanos / 4));
        }
        Map<String, long[]> decisions = new LinkedHashMap<>();
        fixtures.forEach((mode, f) -> {
            f.kmsCalls.set(0);
            decisions.put(mode, new long[1]);
        });
        Map<String, double[]> rates = new LinkedHashMap<>();
        fixtures.keySet().forEach(mode -> rates.put(mode, new double[rounds]));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < order.size(); i++) {
                SigningModeFixture f = order.get((round + i) % order.size());
                long start = System.nanoTime();
                long n = run(f, sliceNanos);
                rates.get(f.label)[round] = n * 1e9 / (System.nanoTime() - start);
                decisions.get(f.label)[0] += n;
            }
        }
        System.out.printf("crypto provider: %s; %d rounds of %d ms per mode; load average %s%n",
                accelerated ? CryptoProvider.current().getName() : "JDK", rounds, sliceNanos / 1_000_000,
                String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.println("| mode | decisions/s, median (IQR) | ÷ kms, median (IQR) of per-round ratios"
                + " | decisions | KMS calls | KMS calls per 1,000 decisions |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double[] kms = rates.get("kms");
        fixtures.forEach((mode, f) -> {
            double[] r = rates.get(mode);
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratio[i] = r[i] / kms[i];
            }
            long n = decisions.get(mode)[0];
            System.out.printf(Locale.ROOT, "| `%s` | %s | %s | %d | %d | %.2f |%n", mode, quartiles(r, "%.0f"),
                    quartiles(ratio, "%.1f×"), n, f.kmsCalls.get(), 1000.0 * f.kmsCalls.get() / n);
            f.close();
        });
    }

    private static long run(SigningModeFixture fixture, long nanos) {
        long end = System.nanoTime() + nanos;
        long n = 0;
        do {
            if (!fixture.decide().isAllowed()) {
                throw new IllegalStateException(fixture.label + " stopped allowing the benchmark request");
            }
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    private static String quartiles(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", at(sorted, 0.5),
                at(sorted, 0.25), at(sorted, 0.75));
    }

    private static double at(double[] sorted, double q) {
        double index = q * (sorted.length - 1);
        int low = (int) Math.floor(index);
        int high = (int) Math.ceil(index);
        return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
    }
}
