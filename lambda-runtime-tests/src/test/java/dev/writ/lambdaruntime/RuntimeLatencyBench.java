package dev.writ.lambdaruntime;

import dev.writ.guard.internal.Invocation;
import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end latency figure, not a test: run by {@code lambda-runtime-tests/bench/run}
 * (Failsafe with {@code -Dit.test=RuntimeLatencyBench}; the name does not end in IT, so
 * scripts/test never runs it). An allowed {@code POST /payments} as API Gateway would make it
 * (authorizer invoke, then the guarded function invoke with the authorizer's context) against the
 * same call to the unguarded baseline, all through the runtime emulator, warm, in one run,
 * interleaved (the order alternates every iteration). A fourth function is the floor: the
 * baseline plus one conditional {@code PutItem} with the guard's lineage client
 * ({@code OneWriteCreatePayment}), timed right after the baseline; a fifth the same floor with the
 * lineage client as it was before issue 19's cut (the body streamed), timed next to it. Before each timed call the bench
 * waits, untimed, until every function is idle ({@link PackagedFunction#awaitIdle}): in AWS a
 * function's work after its response (the lineage extension's writes) runs in its own environment,
 * not on the cores of the next call. {@code -Dwrit.bench.contended=true} leaves the wait out (the
 * figures before it). It asserts nothing about time; it fails only when a call is not the expected
 * 201, since a fast denial is not a measurement. Writes {@code target/bench/runtime-latency.md}.
 */
class RuntimeLatencyBench {

    @Test
    void measure() throws Exception {
        int warmup = Integer.getInteger("writ.bench.warmup", 300);
        int iterations = Integer.getInteger("writ.bench.iterations", 2000);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        boolean contended = Boolean.getBoolean("writ.bench.contended");
        try (WritStack stack = WritStack.create();
             PackagedFunction authorizer = stack.startAuthorizer(mode);
             PackagedFunction guarded = stack.startGuardedPayments();
             PackagedFunction unguarded = stack.startUnguardedPayments();
             PackagedFunction oneWrite = stack.startOneWritePayments();
             PackagedFunction oneWriteStreamed = stack.startOneWriteStreamedPayments()) {
            List<PackagedFunction> all = List.of(authorizer, guarded, unguarded, oneWrite, oneWriteStreamed);
            Runnable settle = contended ? () -> { } : () -> all.forEach(PackagedFunction::awaitIdle);
            String token = stack.token("carla", "clerk");
            String authEvent = RuntimeEvents.authorizerRequest(token, 120);
            long[] auth = new long[iterations];
            long[] guard = new long[iterations];
            long[] base = new long[iterations];
            long[] floor = new long[iterations];
            long[] floorStreamed = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                long[] t = new long[5];
                if ((i & 1) == 0) {
                    timeBaselines(unguarded, oneWrite, settle, t);
                    t[4] = time(oneWriteStreamed, "floor, streamed", FLOOR_EVENT, settle);
                    timeAllowed(authorizer, guarded, authEvent, settle, t);
                } else {
                    timeAllowed(authorizer, guarded, authEvent, settle, t);
                    t[4] = time(oneWriteStreamed, "floor, streamed", FLOOR_EVENT, settle);
                    timeBaselines(unguarded, oneWrite, settle, t);
                }
                if (i >= 0) {
                    auth[i] = t[0];
                    guard[i] = t[1];
                    base[i] = t[2];
                    floor[i] = t[3];
                    floorStreamed[i] = t[4];
                }
            }
            long[] total = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                total[i] = auth[i] + guard[i];
            }
            String table = table(mode, warmup, iterations, contended, List.of(
                    new Row("unguarded function (baseline)", base),
                    new Row("floor: unguarded function + one PutItem, guard's client", floor),
                    new Row("floor with the guard's client before issue 19's cut (body streamed)", floorStreamed),
                    new Row("guarded function alone", guard),
                    new Row("authorizer alone", auth),
                    new Row("**allowed call: authorizer + guarded function**", total)), percentile(base, 50));
            Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/runtime-latency.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println(table);
        }
    }

    /** Authorizer into t[0], guarded function into t[1]; {@code settle} runs before each, untimed. */
    static void timeAllowed(PackagedFunction authorizer, PackagedFunction guarded, String authEvent, Runnable settle,
                                    long[] t) {
        settle.run();
        long start = System.nanoTime();
        PackagedFunction.Invocation decision = authorizer.invoke(authEvent);
        long mid = System.nanoTime();
        Map<String, Object> response = decision.json();
        String event = RuntimeEvents.paymentsRequest(response, 120);
        settle.run();
        long beforeGuarded = System.nanoTime();
        PackagedFunction.Invocation run = guarded.invoke(event);
        long end = System.nanoTime();
        require201(run, "guarded");
        t[0] = mid - start;
        t[1] = end - beforeGuarded;
    }

    /** Baseline into t[2], floor into t[3]. */
    static void timeBaselines(PackagedFunction unguarded, PackagedFunction oneWrite, Runnable settle, long[] t) {
        t[2] = time(unguarded, "unguarded", FLOOR_EVENT, settle);
        t[3] = time(oneWrite, "floor", FLOOR_EVENT, settle);
    }

    /** The event of the baseline and the floors: the authorizer's context as the unguarded function reads it. */
    private static final String FLOOR_EVENT =
            RuntimeEvents.paymentsRequest(Map.of("principalId", "carla", "context", Map.of("sub", "carla")), 120);

    private static long time(PackagedFunction function, String which, String event, Runnable settle) {
        settle.run();
        long start = System.nanoTime();
        PackagedFunction.Invocation run = function.invoke(event);
        long end = System.nanoTime();
        require201(run, which);
        return end - start;
    }

    private static void require201(PackagedFunction.Invocation run, String which) {
        Object status = run.status() == 200 ? Json.parseObject(run.body()).get("statusCode") : null;
        if (!Integer.valueOf(201).equals(status)) {
            throw new IllegalStateException(which + " call did not succeed: " + run.status() + " " + run.body());
        }
    }

    private record Row(String name, long[] nanos) {
    }

    static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        // Nearest rank.
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** The first line of a stages table: how the run was made, every call timed idle, p50s. */
    static String idleRunLine(String mode, int warmup, int iterations) {
        return String.format(Locale.ROOT, "signing mode `%s`, KMS key `%s` at %s, %d warm-up rounds, %d measured rounds,"
                + " each call started with every function idle, p50 in milliseconds%n%n", mode, WritStack.keySpec(),
                System.getenv("AWS_ENDPOINT_URL_KMS"), warmup, iterations);
    }

    /** p50 in ms of each call's time outside the function: its total less the relay's time in the function. */
    static double outsideP50(long[] total, long[] inFunction) {
        long[] outside = new long[total.length];
        for (int i = 0; i < total.length; i++) {
            outside[i] = total[i] - inFunction[i];
        }
        return percentile(outside, 50);
    }

    private static String table(String mode, int warmup, int iterations, boolean contended, List<Row> rows, double baseP50) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "signing mode `%s`, KMS key `%s` at %s, %d warm-up rounds, %d measured rounds,"
                + " %s, milliseconds%n%n", mode, WritStack.keySpec(), System.getenv("AWS_ENDPOINT_URL_KMS"), warmup, iterations,
                contended ? "contended (no wait for idle: post-response work shares the cores with the next call)"
                        : "each call started with every function idle"));
        sb.append("| call | p50 | p99 | mean | p50 / baseline p50 |\n|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double p50 = percentile(r.nanos(), 50);
            double mean = Arrays.stream(r.nanos()).average().orElse(0) / 1e6;
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f× |%n",
                    r.name(), p50, percentile(r.nanos(), 99), mean, p50 / baseP50));
        }
        return sb.toString();
    }
}
