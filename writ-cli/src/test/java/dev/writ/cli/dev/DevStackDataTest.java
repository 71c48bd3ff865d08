package dev.writ.cli.dev;


import dev.writ.core.config.Environment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.audit.ChainVerdict;
import dev.writ.audit.VerifyProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code writ dev --data DIR}: lineage and keys survive a restart, and the chains go on from their heads. */
class DevStackDataTest {
    @TempDir
    Path data;

    private static Gateway.Response get(DevStack stack) {
        String vera = "Bearer " + stack.idp().token(SampleIdp.user("vera"), Duration.ofMinutes(5));
        return stack.gateway().handle(Gateway.Request.of("GET", "/payments", Map.of("Authorization", vera)));
    }

    private static long records(DevStack stack) {
        List<ChainVerdict> verdicts = stack.audit().verifyAll(VerifyProgress.none());
        assertThat(verdicts).allMatch(ChainVerdict::intact);
        return verdicts.stream().mapToLong(ChainVerdict::recordsVerified).sum();
    }

    @Test
    void keepsLineageAndKeysBetweenRuns() {
        String jwks;
        long first;
        try (DevStack stack = DevStack.start(data, 1, Environment.of(Map.of()))) {
            assertThat(get(stack).code()).isEqualTo("ALLOWED");
            stack.checkpoint();
            first = records(stack);
            jwks = stack.checkpointJwks().toString();
        }
        try (DevStack stack = DevStack.start(data, 1, Environment.of(Map.of()))) {
            assertThat(stack.checkpointJwks().toString()).as("the checkpoint key is kept").isEqualTo(jwks);
            Gateway.Response again = get(stack);
            assertThat(again.code()).isEqualTo("ALLOWED");
            // The chains continue after the records of the first run.
            assertThat(again.lineage()).allMatch(r -> r.seq() >= 1);
            assertThat(records(stack)).isEqualTo(first + 3);
        }
    }
}
