package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The added latency of a guarded tool call, not a test: run by {@code lambda-runtime-tests/bench/run mcp}
 * (Failsafe with {@code -Dit.test=McpToolLatencyBench}; scripts/test never runs it). The same
 * {@code tools/call} of {@code refund_payment} (a clerk's 120) through the runtime emulator, warm,
 * interleaved (the order alternates every round), two ways:
 * <ul>
 *   <li>guarded: the agent host asks the packaged tool-call exchange for a writ (through
 *       {@link ExchangeUrlStandIn}), then the packaged {@code PaymentsMcpFunction} verifies it
 *       ({@code ToolGuard}: signature, tool and argument digest, replay table, lineage) before the SDK runs the tool;</li>
 *   <li>unguarded: {@code UnguardedPaymentsMcp}, the same server, SDK and jar without the guard.</li>
 * </ul>
 * It fails only when a call does not succeed. Writes {@code target/bench/mcp-tool-latency.md}.
 */
class McpToolLatencyBench {
    private static final Map<String, Object> REFUND = Map.of("payment_id", "p-7", "amount", 120);

    @Test
    void measure() throws Exception {
        int warmup = Integer.getInteger("writ.bench.warmup", 200);
        int iterations = Integer.getInteger("writ.bench.iterations", 1000);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        try (WritStack stack = WritStack.create();
             McpToolCalls toolCalls = McpToolCalls.start(stack, mode);
             PackagedFunction guarded = McpToolCalls.startServer(stack);
             PackagedFunction unguarded = McpToolCalls.startUnguardedServer()) {
            String token = stack.token("carla", "clerk");
            String baselineEvent = McpToolCalls.toolCall("refund_payment", REFUND, null);
            long[] base = new long[iterations];
            long[] ask = new long[iterations];
            long[] call = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                long b;
                long[] g;
                if ((i & 1) == 0) {
                    b = time(unguarded, baselineEvent);
                    g = timeGuarded(toolCalls, guarded, token);
                } else {
                    g = timeGuarded(toolCalls, guarded, token);
                    b = time(unguarded, baselineEvent);
                }
                if (i >= 0) {
                    base[i] = b;
                    ask[i] = g[0];
                    call[i] = g[1];
                }
            }
            long[] total = new long[iterations];
            long[] extra = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                total[i] = ask[i] + call[i];
                extra[i] = total[i] - base[i];
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "signing mode `%s`, %d warm-up rounds, %d measured rounds, milliseconds%n%n", mode, warmup, iterations));
            sb.append("| tools/call refund_payment (a clerk's 120) | p50 | p90 | p99 | mean |\n|---|---:|---:|---:|---:|\n");
            HopLatencyBench.row(sb, "unguarded MCP server (baseline)", base);
            HopLatencyBench.row(sb, "guarded MCP server alone (ToolGuard, then the same server)", call);
            HopLatencyBench.row(sb, "tool-call exchange alone (the host's request for the writ)", ask);
            HopLatencyBench.row(sb, "**guarded tool call: exchange + guarded server**", total);
            HopLatencyBench.row(sb, "**extra per tool call** (guarded − unguarded, same round)", extra);
            Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/mcp-tool-latency.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
            System.out.println(sb);
        }
    }

    /** Nanoseconds of the host's request for a writ, then of the guarded server's invoke with it. */
    private static long[] timeGuarded(McpToolCalls toolCalls, PackagedFunction guarded, String token) throws Exception {
        long start = System.nanoTime();
        String writ = toolCalls.writFor(token, "refund_payment", REFUND);
        long asked = System.nanoTime();
        return new long[] {asked - start, time(guarded, McpToolCalls.toolCall("refund_payment", REFUND, writ))};
    }

    private static long time(PackagedFunction server, String event) {
        long start = System.nanoTime();
        PackagedFunction.Invocation run = server.invoke(event);
        long end = System.nanoTime();
        Map<String, Object> response = run.status() == 200 ? run.json() : Map.of();
        boolean ran = Integer.valueOf(200).equals(response.get("statusCode"))
                && Json.parseObject(String.valueOf(response.get("body"))).get("result") instanceof Map<?, ?> result
                && !Boolean.TRUE.equals(result.get("isError"));
        if (!ran) {
            throw new IllegalStateException("the tool call did not succeed: " + run.status() + " " + run.body());
        }
        return end - start;
    }
}
