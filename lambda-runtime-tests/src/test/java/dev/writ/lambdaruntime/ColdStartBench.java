package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The cold-start figure of the zero-code example, not a test: run by
 * {@code lambda-runtime-tests/bench/run cold-start} (Failsafe with {@code -Dit.test=ColdStartBench};
 * the name does not end in IT, so scripts/test never runs it). One cold start is a fresh function
 * JVM (runtime interface client, task root, Lambda's flags and environment) from its launch to the
 * answer to its first invocation, an allowed {@code GET /payments}: init and first request, as a
 * caller meets it. Three forms of the same handler, {@code ListPayments}: unguarded (its own
 * handler, no layer: the function before Writ), zero-code (layer + Writ's entry point +
 * {@code WRIT_GUARD_HANDLER}) and code-wrapped ({@code CodeWrappedListPayments}, layer); the two
 * guarded forms have the same guard configuration (KMS key on moto, lineage on DynamoDB Local).
 * Interleaved: every round starts each form once, in an order that rotates; each form gets a
 * fresh writ from the warm authorizer, outside the timed span. One untimed round first (file
 * caches). It fails only when an answer is not the handler's 200, since a fast denial is not a
 * measurement. Writes {@code target/bench/cold-start.md}.
 */
class ColdStartBench {

    private interface Starter {
        PackagedFunction start() throws Exception;
    }

    private record Form(String name, Starter starter, long[] nanos) {
    }

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("writ.bench.rounds", 15);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create(); PackagedFunction authorizer = stack.startAuthorizer(mode)) {
            String token = stack.token("vera", "viewer");
            List<Form> forms = List.of(
                    new Form("unguarded `ListPayments` (baseline)", stack::startUnguardedListPayments, new long[rounds]),
                    new Form("**zero-code**: layer + `GuardedHandler` + `WRIT_GUARD_HANDLER`", stack::startZeroCodePayments, new long[rounds]),
                    new Form("code-wrapped: `GuardedRequestHandler` calling `ListPayments`", stack::startCodeWrappedListPayments, new long[rounds]));
            for (int round = -1; round < rounds; round++) {
                for (int i = 0; i < forms.size(); i++) {
                    Form form = forms.get(Math.floorMod(round + i, forms.size()));
                    long nanos = coldStart(form, authorizer, token);
                    if (round >= 0) {
                        form.nanos()[round] = nanos;
                    }
                }
            }
            String table = table(mode, rounds, forms);
            Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/cold-start.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println(table);
        }
    }

    private static long coldStart(Form form, PackagedFunction authorizer, String token) throws Exception {
        PackagedFunction.Invocation decision = authorizer.invoke(RuntimeEvents.listAuthorizerRequest(token));
        String event = RuntimeEvents.listPaymentsRequest(decision.json());
        try (PackagedFunction function = form.starter().start()) {
            PackagedFunction.Invocation answer = function.invoke(event);
            long nanos = System.nanoTime() - function.launchedNanos();
            Object status = answer.status() == 200 ? Json.parseObject(answer.body()).get("statusCode") : null;
            if (!Integer.valueOf(200).equals(status) || !answer.body().contains("p-1001")) {
                throw new IllegalStateException(form.name() + ": not the handler's answer: " + answer.status() + " " + answer.body());
            }
            return nanos;
        }
    }

    private static String table(String mode, int rounds, List<Form> forms) {
        long[] base = forms.get(0).nanos();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "signing mode `%s`, %d interleaved rounds (+1 untimed), milliseconds"
                + " from JVM launch to the first answer%n%n", mode, rounds));
        sb.append("| form | p50 | min | max | mean | p50 / baseline p50 | median per-round ratio to baseline |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Form f : forms) {
            long[] n = f.nanos();
            double[] ratios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[i] = (double) n[i] / base[i];
            }
            Arrays.sort(ratios);
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f× | %.2f× |%n", f.name(),
                    RuntimeLatencyBench.percentile(n, 50), Arrays.stream(n).min().orElse(0) / 1e6,
                    Arrays.stream(n).max().orElse(0) / 1e6, Arrays.stream(n).average().orElse(0) / 1e6,
                    RuntimeLatencyBench.percentile(n, 50) / RuntimeLatencyBench.percentile(base, 50), median(ratios)));
        }
        double[] sorted = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            sorted[i] = (double) forms.get(1).nanos()[i] / forms.get(2).nanos()[i];
        }
        Arrays.sort(sorted);
        sb.append(String.format(Locale.ROOT, "%nzero-code / code-wrapped, median per-round ratio: %.2f× (range %.2f–%.2f)%n",
                median(sorted), sorted[0], sorted[sorted.length - 1]));
        return sb.toString();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
