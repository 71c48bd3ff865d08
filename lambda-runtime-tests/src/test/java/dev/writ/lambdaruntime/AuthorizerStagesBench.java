package dev.writ.lambdaruntime;

import dev.writ.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the packaged REST authorizer's warm latency goes, not a test: run by
 * {@code lambda-runtime-tests/bench/run authorizer-stages} (the name does not end in IT, so
 * scripts/test never runs it). Three functions, interleaved, each call started with every function
 * idle ({@link PackagedFunction#awaitIdle}), as in {@link RuntimeLatencyBench}: the unguarded
 * baseline, the authorizer as the template deploys it, and the same authorizer without lineage
 * ({@code WRIT_LINEAGE_TABLE} blank: no decision record, so no write after the answer). Each call's
 * time is split three ways: <em>in the function</em> (the relay's view: from handing the runtime its
 * event to the runtime posting the answer), of that <em>in the engine</em> (the authorizer's own
 * {@code latencyUs}, logged with each decision: event read, token, Cedar, writ, signature), and
 * <em>outside the function</em> (the rest: the invoke API, the emulator, the relay, the runtime
 * client's HTTP). With {@code -Dwrit.bench.otherAuthorizerJar=PATH} a fourth: the same authorizer
 * from another build's {@code authorizer-fn.jar} (e.g. main's), so two builds are compared within
 * one run. It fails when a call is not the expected answer. Writes
 * {@code target/bench/authorizer-stages.md}.
 */
class AuthorizerStagesBench {

    @Test
    void measure() throws Exception {
        int warmup = Integer.getInteger("writ.bench.warmup", 200);
        int iterations = Integer.getInteger("writ.bench.iterations", 1000);
        String mode = System.getProperty("writ.bench.mode", "kms-delegated");
        String handler = "dev.writ.authorizer.function.RestAuthorizerFunction";
        String otherJar = System.getProperty("writ.bench.otherAuthorizerJar", "");
        try (WritStack stack = WritStack.create();
             PackagedFunction unguarded = stack.startUnguardedPayments();
             PackagedFunction authorizer = stack.startAuthorizer("writ-authorizer-rest", handler, mode, Map.of());
             PackagedFunction noLineage = stack.startAuthorizer("writ-authorizer-rest-no-lineage", handler, mode,
                     Map.of("WRIT_LINEAGE_TABLE", ""));
             PackagedFunction other = otherJar.isBlank() ? null
                     : stack.startAuthorizer("writ-authorizer-rest-other", Path.of(otherJar), handler, mode, Map.of())) {
            String authEvent = RuntimeEvents.authorizerRequest(stack.token("carla", "clerk"), 120);
            String paymentEvent = RuntimeEvents.paymentsRequest(Map.of("principalId", "carla", "context", Map.of("sub", "carla")), 120);
            List<Stage> stages = new ArrayList<>(List.of(new Stage("unguarded function (baseline)", unguarded, paymentEvent, iterations),
                    new Stage("authorizer", authorizer, authEvent, iterations),
                    new Stage("authorizer without lineage (no decision record)", noLineage, authEvent, iterations)));
            if (other != null) {
                stages.add(new Stage("authorizer from " + otherJar, other, authEvent, iterations));
            }
            List<PackagedFunction> all = stages.stream().map(s -> s.function).toList();
            for (int i = -warmup; i < iterations; i++) {
                for (int k = 0; k < stages.size(); k++) {
                    // The order rotates every round, so no function always follows the same one.
                    Stage stage = stages.get(Math.floorMod(i + k, stages.size()));
                    all.forEach(PackagedFunction::awaitIdle);
                    stage.call(i);
                }
            }
            stages.get(1).engineFromLog(authorizer.output(), iterations);
            stages.get(2).engineFromLog(noLineage.output(), iterations);
            if (other != null) {
                stages.get(3).engineFromLog(other.output(), iterations);
            }
            String table = table(mode, warmup, iterations, stages);
            Path out = Packaging.root().resolve("lambda-runtime-tests/target/bench/authorizer-stages.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println(table);
        }
    }

    /** One function's calls: total and in-function nanoseconds per measured call, and the engine's share when it logs one. */
    private static final class Stage {
        final String name;
        final PackagedFunction function;
        final String event;
        final long[] total;
        final long[] inFunction;
        long[] engine;

        Stage(String name, PackagedFunction function, String event, int iterations) {
            this.name = name;
            this.function = function;
            this.event = event;
            this.total = new long[iterations];
            this.inFunction = new long[iterations];
        }

        void call(int i) {
            long start = System.nanoTime();
            PackagedFunction.Invocation run = function.invoke(event);
            long end = System.nanoTime();
            requireAnswer(run);
            if (i >= 0) {
                total[i] = end - start;
                inFunction[i] = function.lastHandlerNanos();
            }
        }

        private void requireAnswer(PackagedFunction.Invocation run) {
            Map<String, Object> body = run.status() == 200 ? Json.parseObject(run.body()) : Map.of();
            boolean ok = body.containsKey("policyDocument") ? run.body().contains("\"Allow\"")
                    : Integer.valueOf(201).equals(body.get("statusCode"));
            if (!ok) {
                throw new IllegalStateException(name + ": not an allowed answer: " + run.status() + " " + run.body());
            }
        }

        /** The engine's {@code latencyUs} of the last {@code iterations} decisions in the function's log, in nanoseconds. */
        void engineFromLog(String log, int iterations) {
            List<Long> micros = new ArrayList<>();
            for (String line : log.lines().toList()) {
                if (line.startsWith("{") && line.contains("\"latencyUs\"")) {
                    micros.add(((Number) Json.parseObject(line).get("latencyUs")).longValue());
                }
            }
            if (micros.size() < iterations) {
                throw new IllegalStateException(name + ": " + micros.size() + " decision lines for " + iterations + " calls");
            }
            engine = micros.subList(micros.size() - iterations, micros.size()).stream().mapToLong(us -> us * 1000).toArray();
        }
    }

    private static String table(String mode, int warmup, int iterations, List<Stage> stages) {
        double baseline = RuntimeLatencyBench.percentile(stages.get(0).total, 50);
        StringBuilder sb = new StringBuilder();
        sb.append(RuntimeLatencyBench.idleRunLine(mode, warmup, iterations));
        sb.append("| call | total | / baseline | in the function | of it, in the engine | outside the function |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        for (Stage s : stages) {
            double total = RuntimeLatencyBench.percentile(s.total, 50);
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f× | %.2f | %s | %.2f |%n", s.name, total, total / baseline,
                    RuntimeLatencyBench.percentile(s.inFunction, 50),
                    s.engine == null ? "–" : String.format(Locale.ROOT, "%.2f", RuntimeLatencyBench.percentile(s.engine, 50)),
                    RuntimeLatencyBench.outsideP50(s.total, s.inFunction)));
        }
        return sb.toString();
    }
}
