package dev.writ.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Wall times of several ways of doing one thing, timed interleaved (each way once per round), and
 * what the measures print of them: a markdown row of percentiles per way and the median per-round
 * ratio of two ways with its interquartile range. Rounds are compared within themselves because
 * neighbouring calls see the same machine load.
 */
final class RoundTimes {
    private final String[] ways;
    private final long[][] nanos;

    /** Room for {@code rounds} measured rounds of each of {@code ways} (their names, as the table shows them). */
    RoundTimes(int rounds, String... ways) {
        this.ways = ways.clone();
        this.nanos = new long[ways.length][rounds];
    }

    /** Records way {@code way}'s time in measured round {@code round}. */
    void put(int way, int round, long wallNanos) {
        nanos[way][round] = wallNanos;
    }

    /** The table's header: {@code what} the ways do, p50, p90, p99 in ms, then {@code extraColumns}. */
    static String header(String what, String... extraColumns) {
        StringBuilder head = new StringBuilder("| ").append(what).append(" | p50 | p90 | p99 |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|");
        for (String column : extraColumns) {
            head.append(' ').append(column).append(" |");
            rule.append("---:|");
        }
        return head + "\n" + rule;
    }

    /** Way {@code way}'s row: its name, p50, p90, p99 in ms, then {@code extraCells}. */
    String row(int way, String... extraCells) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |", ways[way],
                percentile(nanos[way], 50) / 1e6, percentile(nanos[way], 90) / 1e6, percentile(nanos[way], 99) / 1e6));
        for (String cell : extraCells) {
            row.append(' ').append(cell).append(" |");
        }
        return row.toString();
    }

    /** {@code label}, then the median of the per-round ratios {@code numerator / denominator} and their interquartile range. */
    String ratio(String label, int numerator, int denominator) {
        long[] a = nanos[numerator];
        long[] b = nanos[denominator];
        double[] ratios = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            ratios[r] = (double) a[r] / b[r];
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        return String.format(Locale.ROOT, "%s, median per-round ratio %.2f (IQR %.2f-%.2f)", label, ratios[n / 2], ratios[n / 4],
                ratios[n * 3 / 4]);
    }

    /** The value at {@code p} percent of the sorted values (index {@code n * p / 100}), as every measure here prints it. */
    static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }
}
