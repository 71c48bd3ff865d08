package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extra latency of one guarded hop, not a test: run by {@code lambda-runtime-tests/bench/run hop}
 * (Failsafe with {@code -Dit.test=HopLatencyBench}; scripts/test never runs it). The same packaged
 * caller ({@code PaymentThenLedger}, guarded, with the authorizer's writ) invokes {@code ledger-post}
 * through the runtime emulator, two ways, warm, interleaved (the order alternates every round):
 * <ul>
 *   <li>guarded hop: the interceptor asks the packaged exchange for a child writ (through
 *       {@link ExchangeUrlStandIn}), the invoke carries it, {@code LedgerPost}'s guard verifies it;</li>
 *   <li>unguarded hop: no exchange configured, the invoke carries nothing, {@code UnguardedLedgerPost}.</li>
 * </ul>
 * Both include the caller's own guard, so their difference is the hop's: exchange round trip,
 * child writ, callee guard and its lineage. Only the caller's invoke is timed (the authorizer call
 * that mints each round's fresh parent writ is not). It fails only when a call is not the expected
 * 201. Writes {@code target/bench/hop-latency.md}.
 */
class HopLatencyBench {

    @Test
    void measure() throws Exception {
        int warmup = Integer.getInteger("writ.bench.warmup", 200);
        int iterations = Integer.getInteger("writ.bench.iterations", 1000);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create();
             PackagedFunction authorizer = stack.startAuthorizer(mode);
             HopChain guarded = HopChain.guarded(stack);
             HopChain unguarded = HopChain.unguarded(stack)) {
            String authEvent = RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120);
            long[] withWrit = new long[iterations];
            long[] without = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                long a;
                long b;
                if ((i & 1) == 0) {
                    b = time(authorizer, authEvent, unguarded);
                    a = time(authorizer, authEvent, guarded);
                } else {
                    a = time(authorizer, authEvent, guarded);
                    b = time(authorizer, authEvent, unguarded);
                }
                if (i >= 0) {
                    withWrit[i] = a;
                    without[i] = b;
                }
            }
            long[] extra = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                extra[i] = withWrit[i] - without[i];
            }
            String table = table(mode, warmup, iterations, without, withWrit, extra);
            Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/hop-latency.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println(table);
        }
    }

    /** Nanoseconds of the caller's invoke, with a parent writ the authorizer minted just before. */
    private static long time(PackagedFunction authorizer, String authEvent, HopChain hop) {
        Map<String, Object> allowed = authorizer.invoke(authEvent).json();
        String event = RuntimeEvents.paymentsRequest(allowed, 120);
        long start = System.nanoTime();
        PackagedFunction.Invocation run = hop.caller().invoke(event);
        long end = System.nanoTime();
        Object status = run.status() == 200 ? Json.parseObject(run.body()).get("statusCode") : null;
        if (!Integer.valueOf(201).equals(status)) {
            throw new IllegalStateException("the hop did not succeed: " + run.status() + " " + run.body());
        }
        return end - start;
    }

    private static String table(String mode, int warmup, int iterations, long[] without, long[] with, long[] extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "signing mode `%s`, %d warm-up rounds, %d measured rounds, milliseconds%n%n",
                mode, warmup, iterations));
        sb.append("| caller invoke (payments-write → ledger-post) | p50 | p90 | p99 | mean |\n|---|---:|---:|---:|---:|\n");
        row(sb, "unguarded hop (no exchange, unguarded ledger-post)", without);
        row(sb, "guarded hop (exchange + child writ + guarded ledger-post)", with);
        row(sb, "**extra per hop** (guarded − unguarded, same round)", extra);
        return sb.toString();
    }

    /** One table row: p50, p90, p99 and mean of {@code nanos}, in milliseconds (also McpToolLatencyBench's). */
    static void row(StringBuilder sb, String name, long[] nanos) {
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", name,
                RuntimeLatencyBench.percentile(nanos, 50), RuntimeLatencyBench.percentile(nanos, 90),
                RuntimeLatencyBench.percentile(nanos, 99), Arrays.stream(nanos).average().orElse(0) / 1e6));
    }
}
