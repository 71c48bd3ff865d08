package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import dev.writ.lambdaruntime.baseline.OneWriteCreatePayment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the floor's milliseconds go through the runtime emulator, not a test: run by
 * {@code lambda-runtime-tests/bench/run floor-stages} (the name does not end in IT, so scripts/test
 * never runs it). Four functions, interleaved (the order rotates every round), each call started
 * with every function idle ({@link PackagedFunction#awaitIdle}), as in {@link RuntimeLatencyBench}:
 * the unguarded baseline, the floor ({@code OneWriteCreatePayment}: one conditional
 * {@code PutItem} with the guard's lineage client), the same floor making two such puts one after
 * the other, and the guarded function. Each call is split into <em>in the function</em> (the
 * relay's view: event handed to the runtime to its answer) and <em>outside</em> (the rest: invoke
 * API, emulator, relay); each floor put into its wall and CPU time as the function's handler
 * thread saw them ({@link OneWriteCreatePayment#PUTS_HEADER}). The second put of the two-put floor
 * follows the first at once, so against the first it shows what a put pays for starting after an
 * idle gap (every process asleep) rather than back-to-back, within the same function and call;
 * {@code -Dwrit.bench.floorPuts=N} (default 2) makes that floor put N times, and its last put shows
 * how close a put gets to its in-process cost once it is warm within the call. With
 * {@code -Dwrit.bench.otherFloorJvmOptions=OPTIONS} a fifth function: the one-put floor again, its
 * JVM started with these options added (its {@code JAVA_TOOL_OPTIONS}, e.g. a JIT setting), so a
 * JVM setting is compared within one run. It fails when a call is not the expected 201. Writes
 * {@code target/bench/floor-stages.md}.
 */
class FloorStagesBench {

    @Test
    void measure() throws Exception {
        int warmup = Integer.getInteger("writ.bench.warmup", 200);
        int iterations = Integer.getInteger("writ.bench.iterations", 1000);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        int puts = Integer.getInteger("writ.bench.floorPuts", 2);
        String otherOptions = System.getProperty("writ.bench.otherFloorJvmOptions", "");
        try (WritStack stack = WritStack.create();
             PackagedFunction authorizer = stack.startAuthorizer(mode);
             PackagedFunction unguarded = stack.startUnguardedPayments();
             PackagedFunction floor = stack.startOneWritePayments();
             PackagedFunction twoPuts = stack.startOneWritePayments("writ-payments-two-writes",
                     Map.of("WRIT_BENCH_FLOOR_PUTS", Integer.toString(puts)));
             PackagedFunction guarded = stack.startGuardedPayments();
             PackagedFunction otherFloor = otherOptions.isBlank() ? null : stack.startOneWritePayments("writ-payments-one-write-other",
                     Map.of(PackagedFunction.JAVA_TOOL_OPTIONS, otherOptions))) {
            String floorEvent = RuntimeEvents.paymentsRequest(Map.of("principalId", "carla", "context", Map.of("sub", "carla")), 120);
            // The guarded function needs a writ for each call: one authorizer answer per round, untimed.
            String authEvent = RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120);
            List<Stage> stages = new ArrayList<>(List.of(new Stage("unguarded function (baseline)", unguarded, 0, iterations),
                    new Stage("floor: unguarded function + one PutItem, guard's client", floor, 1, iterations),
                    new Stage("floor with " + (puts == 2 ? "two" : puts) + " PutItems, one after the other", twoPuts, puts, iterations),
                    new Stage("guarded function", guarded, 0, iterations)));
            if (otherFloor != null) {
                stages.add(new Stage("floor, its JVM with " + otherOptions, otherFloor, 1, iterations));
            }
            List<PackagedFunction> all = new ArrayList<>(List.of(authorizer));
            stages.forEach(s -> all.add(s.function));
            for (int i = -warmup; i < iterations; i++) {
                all.forEach(PackagedFunction::awaitIdle);
                String guardedEvent = RuntimeEvents.paymentsRequest(authorizer.invoke(authEvent).json(), 120);
                for (int k = 0; k < stages.size(); k++) {
                    Stage stage = stages.get(Math.floorMod(i + k, stages.size()));
                    all.forEach(PackagedFunction::awaitIdle);
                    stage.call(i, stage.function == guarded ? guardedEvent : floorEvent);
                }
            }
            String table = table(mode, warmup, iterations, stages);
            Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/floor-stages.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println(table);
        }
    }

    /** One function's calls: total and in-function nanoseconds, and each put's wall and CPU nanoseconds, per measured call. */
    private static final class Stage {
        final String name;
        final PackagedFunction function;
        final long[] total;
        final long[] inFunction;
        final long[][] putWall;
        final long[][] putCpu;

        Stage(String name, PackagedFunction function, int puts, int iterations) {
            this.name = name;
            this.function = function;
            this.total = new long[iterations];
            this.inFunction = new long[iterations];
            this.putWall = new long[puts][iterations];
            this.putCpu = new long[puts][iterations];
        }

        void call(int i, String event) {
            long start = System.nanoTime();
            PackagedFunction.Invocation run = function.invoke(event);
            long end = System.nanoTime();
            Map<String, Object> answer = run.status() == 200 ? Json.parseObject(run.body()) : Map.of();
            if (!Integer.valueOf(201).equals(answer.get("statusCode"))) {
                throw new IllegalStateException(name + ": not the expected 201: " + run.status() + " " + run.body());
            }
            if (i < 0) {
                return;
            }
            total[i] = end - start;
            inFunction[i] = function.lastHandlerNanos();
            if (putWall.length > 0) {
                Object headers = answer.get("headers");
                String times = headers instanceof Map<?, ?> h ? String.valueOf(h.get(OneWriteCreatePayment.PUTS_HEADER)) : "";
                String[] puts = times.split(",");
                if (puts.length != putWall.length) {
                    throw new IllegalStateException(name + ": expected " + putWall.length + " put times, got '" + times + "'");
                }
                for (int p = 0; p < puts.length; p++) {
                    String[] wallCpu = puts[p].split(":");
                    putWall[p][i] = Long.parseLong(wallCpu[0]);
                    putCpu[p][i] = Long.parseLong(wallCpu[1]);
                }
            }
        }
    }

    private static String table(String mode, int warmup, int iterations, List<Stage> stages) {
        double baseline = RuntimeLatencyBench.percentile(stages.get(0).total, 50);
        StringBuilder sb = new StringBuilder();
        sb.append(RuntimeLatencyBench.idleRunLine(mode, warmup, iterations));
        int most = stages.stream().mapToInt(s -> s.putWall.length).max().orElse(0);
        sb.append("| call | total | / baseline | in the function | outside the function | put 1: wall; CPU | put 2: wall; CPU |")
                .append(most > 2 ? " put " + most + ": wall; CPU |" : "").append('\n');
        sb.append("|---|---:|---:|---:|---:|---:|---:|").append(most > 2 ? "---:|" : "").append('\n');
        for (Stage s : stages) {
            double total = RuntimeLatencyBench.percentile(s.total, 50);
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f× | %.2f | %.2f | %s | %s |", s.name, total, total / baseline,
                    RuntimeLatencyBench.percentile(s.inFunction, 50), RuntimeLatencyBench.outsideP50(s.total, s.inFunction),
                    put(s, 0), put(s, 1)));
            sb.append(most > 2 ? " " + put(s, most - 1) + " |" : "").append('\n');
        }
        return sb.toString();
    }

    private static String put(Stage s, int p) {
        return p < s.putWall.length
                ? String.format(Locale.ROOT, "%.2f; %.2f", RuntimeLatencyBench.percentile(s.putWall[p], 50),
                        RuntimeLatencyBench.percentile(s.putCpu[p], 50))
                : "–";
    }
}
