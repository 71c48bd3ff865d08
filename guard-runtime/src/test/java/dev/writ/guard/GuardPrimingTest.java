package dev.writ.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.core.config.Environment;
import dev.writ.core.json.Json;
import dev.writ.core.keys.KeyResolver;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.replay.ReplayStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SnapStart priming: what it warms before the checkpoint, and what it leaves for after the restore. */
class GuardPrimingTest {

    @Test
    void warmsTheGuardPathWithBothSampleWritsAllowedInBothEventForms() {
        // Allowed, so the whole path ran: JSON, JOSE, PS256 and ES256 on the JDK, binding, log line.
        assertThat(new GuardPriming(false, false).prime()).isEqualTo(4);
    }

    @Test
    void logsOneLineSayingItPrimedWithHowManySampleRequestsTheGuardAllowed() {
        // The line is how an operator, and the guard's cold-start bench, tell a primed function.
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new GuardPriming(false, false, new PrintStream(out, true, StandardCharsets.UTF_8)).prime();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        Map<String, Object> line = Json.parseObject(lines.get(0));
        assertThat(line).containsEntry("writ", "guard").containsEntry("level", "INFO")
                .containsEntry("message", "primed");
        assertThat(line.get("allowed")).isInstanceOf(Number.class).extracting(n -> ((Number) n).intValue()).isEqualTo(4);
        assertThat(line.get("ms")).isInstanceOf(Number.class);
    }

    @Test
    void theCheckpointHooksTouchNothingOfTheFunctionsGuard() {
        AtomicInteger lineageAppends = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger keysResolved = new AtomicInteger();
        LineageRecorder lineage = draft -> {
            lineageAppends.incrementAndGet();
            throw new IllegalStateException("no lineage before the checkpoint");
        };
        ReplayStore replay = (jti, keepUntil) -> consumed.incrementAndGet() > 0;
        KeyResolver keys = kid -> {
            keysResolved.incrementAndGet();
            return Fixtures.trustedKeys().resolve(kid);
        };
        GuardConfig config = GuardConfig.builder()
                .verifier(Fixtures.verifierConfig().keys(keys).replayStore(replay).build())
                .lineage(lineage)
                .logTo(new PrintStream(new ByteArrayOutputStream()))
                .build();
        Guard.create(config);
        GuardPriming priming = new GuardPriming(false, true);

        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        // No record appended (so no lineage shard drawn), no writ consumed, no key fetched: each of
        // those is per environment or per deployment state, and is made after the restore.
        assertThat(lineageAppends).hasValue(0);
        assertThat(consumed).hasValue(0);
        assertThat(keysResolved).hasValue(0);
    }

    @Test
    void runsAtInitOnlyWhereInitIsOffTheRequestPath() {
        assertThat(GuardPriming.primesAtInit(env("provisioned-concurrency"))).isTrue();
        assertThat(GuardPriming.primesAtInit(env("on-demand"))).as("the caller would wait for it").isFalse();
        assertThat(GuardPriming.primesAtInit(env("snap-start"))).as("the checkpoint hook runs it").isFalse();
        assertThat(GuardPriming.primesAtInit(Environment.of(Map.of()))).isFalse();
    }

    private static Environment env(String initializationType) {
        return Environment.of(Map.of(GuardPriming.INITIALIZATION_TYPE.name(), initializationType));
    }
}
