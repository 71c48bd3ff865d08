package dev.writ.lambdaruntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The question of issue 19 left open, not a test: do Writ's functions answer faster warm under C2
 * than under the java17/java21 runtime's C1-only default? Run by
 * {@code lambda-runtime-tests/bench/run compiler} (Failsafe with {@code -Dit.test=CompilerLatencyBench};
 * never by scripts/test). {@link RuntimeLatencyBench}'s four functions and calls (unguarded baseline,
 * floor, authorizer, guarded function) twice in one run: once as the runtime starts them (C1 only),
 * once with the function's {@code JAVA_TOOL_OPTIONS} choosing C2 ({@value #C2_OPTIONS}, as
 * docs/deploy.md says a team would set it), interleaved (the compiler's order and each compiler's
 * call order alternate every round), each call started with every function idle. Ratios are against
 * the C1 baseline of the same rounds. After the rounds it asks every function JVM ({@code jcmd}) for
 * its tier setting, failing unless the C1 forms ran at level 1 and the C2 forms did not, and reports
 * whether the warm-up reached C2 code for RSA ({@code BigInteger.oddModPow} at level 4). Writes
 * {@code target/bench/compiler-latency.md}.
 */
class CompilerLatencyBench {

    static final String C2_OPTIONS = "-XX:TieredStopAtLevel=4";
    private static final String RSA_HOT_METHOD = "java.math.BigInteger.oddModPow";

    /** One compiler's four functions and, per measured round, their four timings (RuntimeLatencyBench's t[0..3]). */
    private record Form(String compiler, PackagedFunction authorizer, PackagedFunction guarded,
                        PackagedFunction unguarded, PackagedFunction oneWrite, long[][] nanos) {
        List<PackagedFunction> functions() {
            return List.of(authorizer, guarded, unguarded, oneWrite);
        }
    }

    @Test
    void measure() throws Exception {
        int warmup = Integer.getInteger("writ.bench.warmup", 300);
        int iterations = Integer.getInteger("writ.bench.iterations", 2000);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create();
             PackagedFunction c1Authorizer = stack.startAuthorizer(mode);
             PackagedFunction c1Guarded = stack.startGuardedPayments();
             PackagedFunction c1Unguarded = stack.startUnguardedPayments();
             PackagedFunction c1OneWrite = stack.startOneWritePayments()) {
            WritStack c2Stack = stack.withJavaToolOptions(C2_OPTIONS, "c2");
            try (PackagedFunction c2Authorizer = c2Stack.startAuthorizer(mode);
                 PackagedFunction c2Guarded = c2Stack.startGuardedPayments();
                 PackagedFunction c2Unguarded = c2Stack.startUnguardedPayments();
                 PackagedFunction c2OneWrite = c2Stack.startOneWritePayments()) {
                List<Form> forms = List.of(
                        new Form("C1", c1Authorizer, c1Guarded, c1Unguarded, c1OneWrite, new long[4][iterations]),
                        new Form("C2", c2Authorizer, c2Guarded, c2Unguarded, c2OneWrite, new long[4][iterations]));
                List<PackagedFunction> all = new ArrayList<>();
                forms.forEach(f -> all.addAll(f.functions()));
                Runnable settle = () -> all.forEach(PackagedFunction::awaitIdle);
                String authEvent = RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120);
                List<String> afterWarmup = List.of();
                for (int i = -warmup; i < iterations; i++) {
                    if (i == 0) {
                        afterWarmup = compiled(forms);
                    }
                    for (int k = 0; k < forms.size(); k++) {
                        Form f = forms.get((i + k) & 1);
                        long[] t = new long[4];
                        if ((i & 2) == 0) {
                            RuntimeLatencyBench.timeBaselines(f.unguarded(), f.oneWrite(), settle, t);
                            RuntimeLatencyBench.timeAllowed(f.authorizer(), f.guarded(), authEvent, settle, t);
                        } else {
                            RuntimeLatencyBench.timeAllowed(f.authorizer(), f.guarded(), authEvent, settle, t);
                            RuntimeLatencyBench.timeBaselines(f.unguarded(), f.oneWrite(), settle, t);
                        }
                        if (i >= 0) {
                            for (int c = 0; c < 4; c++) {
                                f.nanos()[c][i] = t[c];
                            }
                        }
                    }
                }
                String table = table(mode, warmup, iterations, forms) + compilers(forms, afterWarmup, compiled(forms));
                ColdStartBench.write("compiler-latency.md", table);
            }
        }
    }

    /** Per call: both compilers' p50 and p90, C2 against C1, and each against the C1 baseline of the same rounds. */
    private static String table(String mode, int warmup, int iterations, List<Form> forms) {
        Form c1 = forms.get(0);
        Form c2 = forms.get(1);
        double base = p(c1.nanos()[2], 50);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "signing mode `%s`, KMS key `%s`, %d warm-up rounds, %d measured rounds, each call started with every"
                        + " function idle; C2: `JAVA_TOOL_OPTIONS=%s`; milliseconds%n%n",
                mode, WritStack.keySpec(), warmup, iterations, C2_OPTIONS));
        sb.append("| call | C1 p50 | C1 p90 | C2 p50 | C2 p90 | C2 p50 / C1 p50 | C1 p50 / C1 baseline p50"
                + " | C2 p50 / C1 baseline p50 | C2 p50 / C2 baseline p50 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        String[] names = {"authorizer alone", "guarded function alone", "unguarded function (baseline)",
                "floor: unguarded function + one PutItem, guard's client"};
        for (int c : new int[] {2, 3, 1, 0}) {
            sb.append(row(names[c], c1.nanos()[c], c2.nanos()[c], base, p(c2.nanos()[2], 50)));
        }
        sb.append(row("**allowed call: authorizer + guarded function**", pair(c1), pair(c2), base, p(c2.nanos()[2], 50)));
        sb.append(String.format(Locale.ROOT, "%nguarded p50 / floor p50: C1 %.2f×, C2 %.2f×%n",
                p(c1.nanos()[1], 50) / p(c1.nanos()[3], 50), p(c2.nanos()[1], 50) / p(c2.nanos()[3], 50)));
        return sb.toString();
    }

    private static String row(String name, long[] c1, long[] c2, double c1Base, double c2Base) {
        double c1p50 = p(c1, 50);
        double c2p50 = p(c2, 50);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f× | %.2f× | %.2f× | %.2f× |%n",
                name, c1p50, p(c1, 90), c2p50, p(c2, 90), c2p50 / c1p50, c1p50 / c1Base, c2p50 / c1Base, c2p50 / c2Base);
    }

    /** The per-round sum of the authorizer's and the guarded function's invocations. */
    private static long[] pair(Form f) {
        long[] total = new long[f.nanos()[0].length];
        for (int i = 0; i < total.length; i++) {
            total[i] = f.nanos()[0][i] + f.nanos()[1][i];
        }
        return total;
    }

    private static final String[] FUNCTIONS = {"authorizer", "guarded", "unguarded", "floor"};

    /**
     * Per function JVM, from {@code jcmd}: how many methods in use are compiled at level 4 and whether
     * RSA's {@value #RSA_HOT_METHOD} is one; fails unless the C1 forms run at level 1 and the C2 forms
     * at the JVM's default (4).
     */
    private static List<String> compiled(List<Form> forms) throws Exception {
        List<String> compiled = new ArrayList<>();
        for (Form f : forms) {
            for (int n = 0; n < FUNCTIONS.length; n++) {
                PackagedFunction function = f.functions().get(n);
                String flags = function.jcmd("VM.flags");
                if (flags.contains("-XX:TieredStopAtLevel=1") != f.compiler().equals("C1")) {
                    throw new IllegalStateException(f.compiler() + " " + FUNCTIONS[n] + " ran with the wrong tiers: " + flags);
                }
                List<String> level4 = function.jcmd("Compiler.codelist").lines().filter(line -> line.matches("\\d+ 4 0 .*")).toList();
                compiled.add(String.format(Locale.ROOT, "%d, %s", level4.size(),
                        level4.stream().anyMatch(line -> line.contains(RSA_HOT_METHOD + "(")) ? "RSA: yes" : "RSA: no"));
            }
        }
        return compiled;
    }

    private static String compilers(List<Form> forms, List<String> afterWarmup, List<String> atEnd) {
        StringBuilder sb = new StringBuilder("\n| function JVM | tier setting (`jcmd VM.flags`) | level-4 methods in use, `"
                + RSA_HOT_METHOD + "` among them: after the warm-up | at the end |\n|---|---|---|---|\n");
        int i = 0;
        for (Form f : forms) {
            for (String name : FUNCTIONS) {
                sb.append(String.format(Locale.ROOT, "| %s %s | %s | %s | %s |%n", f.compiler(), name,
                        f.compiler().equals("C1") ? "`TieredStopAtLevel=1`" : "default (4)", afterWarmup.get(i), atEnd.get(i)));
                i++;
            }
        }
        return sb.toString();
    }

    private static double p(long[] nanos, double percentile) {
        return RuntimeLatencyBench.percentile(nanos, percentile);
    }
}
