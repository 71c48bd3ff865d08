package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The cold-start figure of the zero-code example, not a test: run by
 * {@code lambda-runtime-tests/bench/run cold-start} (Failsafe with {@code -Dit.test=ColdStartBench};
 * the name does not end in IT, so scripts/test never runs it). One cold start is a fresh function
 * JVM (runtime interface client, task root, Lambda's flags and environment) from its launch to the
 * answer to its first invocation, an allowed {@code GET /payments}, as a caller meets it; its init
 * is the part up to the runtime client's first request for an invocation. Four forms of the same
 * handler, {@code ListPayments}: unguarded (its own handler, no layer: the function before Writ),
 * zero-code (layer + Writ's entry point + {@code WRIT_GUARD_HANDLER}) and code-wrapped
 * ({@code CodeWrappedListPayments}, layer), and code-wrapped again with the guard's SnapStart
 * priming run at init ({@code AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency}, where it
 * runs outside SnapStart); the guarded forms have the same guard
 * configuration (KMS key on moto, lineage on DynamoDB Local). Interleaved: every round starts each
 * form once, in an order that rotates; each form gets a fresh writ from the warm authorizer,
 * outside the timed span. One untimed round first (file caches). It fails when an answer is not
 * the handler's 200, since a fast denial is not a measurement, and when the primed form's log lacks
 * GuardPriming's {@code "primed"} line (all four sample requests allowed) or another form's has it,
 * since that round would measure the wrong form. Writes
 * {@code target/bench/cold-start.md}.
 */
class ColdStartBench {

    /** GuardPriming's log line when it ran and the guard allowed all four sample requests. */
    static final String GUARD_PRIMED_LINE = "\"writ\":\"guard\",\"level\":\"INFO\",\"message\":\"primed\",\"allowed\":4";

    interface Starter {
        PackagedFunction start() throws Exception;
    }

    /** One form and, per measured round, its init and its whole cold start. */
    record Form(String name, Starter starter, long[] init, long[] total) {
        Form(String name, Starter starter, int rounds) {
            this(name, starter, new long[rounds], new long[rounds]);
        }
    }

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("writ.bench.rounds", 15);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create(); PackagedFunction authorizer = stack.startAuthorizer(mode)) {
            String token = stack.token("vera", "viewer");
            List<Form> forms = List.of(
                    new Form("unguarded `ListPayments` (baseline)", stack::startUnguardedListPayments, rounds),
                    new Form("**zero-code**: layer + `GuardedHandler` + `WRIT_GUARD_HANDLER`", stack::startZeroCodePayments, rounds),
                    new Form("code-wrapped: `GuardedRequestHandler` calling `ListPayments`", stack::startCodeWrappedListPayments, rounds),
                    new Form("code-wrapped, guard primed at init (`GuardPriming`, as under provisioned concurrency)",
                            stack::startCodeWrappedListPaymentsPrimedAtInit, rounds));
            for (int round = -1; round < rounds; round++) {
                for (int i = 0; i < forms.size(); i++) {
                    int f = Math.floorMod(round + i, forms.size());
                    boolean primedForm = f == 3;
                    PackagedFunction.Invocation decision = authorizer.invoke(RuntimeEvents.listAuthorizerRequest(token));
                    coldStart(forms.get(f), round, RuntimeEvents.listPaymentsRequest(decision.json()), ColdStartBench::listed,
                            log -> log.contains(GUARD_PRIMED_LINE) == primedForm);
                }
            }
            Form zeroCode = forms.get(1);
            Form wrapped = forms.get(2);
            write("cold-start.md", table(mode, rounds, forms) + String.format(Locale.ROOT,
                    "%nzero-code / code-wrapped, median per-round ratio: cold start %.2f×, init %.2f×%n",
                    medianRatio(zeroCode.total(), wrapped.total()), medianRatio(zeroCode.init(), wrapped.init())));
        }
    }

    /** The handler's own answer to the listing: a fast denial is not a measurement. */
    static boolean listed(PackagedFunction.Invocation answer) {
        Object status = answer.status() == 200 ? Json.parseObject(answer.body()).get("statusCode") : null;
        return Integer.valueOf(200).equals(status) && answer.body().contains("p-1001");
    }

    /** Starts {@code form}'s function and times it to its answer to {@code event}, which {@code answered} must accept. */
    static void coldStart(Form form, int round, String event, Predicate<PackagedFunction.Invocation> answered) throws Exception {
        coldStart(form, round, event, answered, log -> true);
    }

    /**
     * As above, and the function's log up to its answer must satisfy {@code treated}: the form's
     * treatment (priming at init, say) was applied, or a round would measure the wrong form.
     */
    static void coldStart(Form form, int round, String event, Predicate<PackagedFunction.Invocation> answered,
            Predicate<String> treated) throws Exception {
        try (PackagedFunction function = form.starter().start()) {
            PackagedFunction.Invocation answer = function.invoke(event);
            long total = System.nanoTime() - function.launchedNanos();
            if (!answered.test(answer)) {
                throw new IllegalStateException(form.name() + ": not the function's answer: " + answer.status() + " " + answer.body());
            }
            if (!treated.test(function.output())) {
                throw new IllegalStateException(form.name() + ": its log does not show the form's treatment:\n" + function.output());
            }
            if (round >= 0) {
                form.init()[round] = function.initNanos();
                form.total()[round] = total;
            }
        }
    }

    /** Writes {@code table} to {@code target/bench/<file>} and prints it. */
    static void write(String file, String table) throws java.io.IOException {
        Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/" + file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println(table);
    }

    /** The forms' init, first request and cold start, each against the first form's in the same rounds. */
    static String table(String mode, int rounds, List<Form> forms) {
        Form base = forms.get(0);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "signing mode `%s`, %d interleaved rounds (+1 untimed), milliseconds%n%n", mode, rounds));
        sb.append("| form | init p50 | first request p50 | cold start p50 | min | max | cold start p50 / baseline p50"
                + " | median per-round ratio to baseline |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Form f : forms) {
            long[] request = firstRequests(f);
            sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f× | %.2f× |%n", f.name(),
                    p50(f.init()), p50(request), p50(f.total()), Arrays.stream(f.total()).min().orElse(0) / 1e6,
                    Arrays.stream(f.total()).max().orElse(0) / 1e6, p50(f.total()) / p50(base.total()),
                    medianRatio(f.total(), base.total())));
        }
        return sb.toString();
    }

    /** Per round, the cold start less the init: the first request, as the caller waits for it once init is over. */
    static long[] firstRequests(Form form) {
        long[] request = new long[form.total().length];
        for (int i = 0; i < request.length; i++) {
            request[i] = form.total()[i] - form.init()[i];
        }
        return request;
    }

    private static double p50(long[] nanos) {
        return RuntimeLatencyBench.percentile(nanos, 50);
    }

    /** The median over rounds of {@code a[i] / b[i]}: both measured in the same round, under the same load. */
    static double medianRatio(long[] a, long[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            ratios[i] = (double) a[i] / b[i];
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        return n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
    }
}
