package dev.writ.lineagefn.witness;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.writ.lineagefn.checkpoint.CheckpointFunction;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One run of the scheduled checkpoint signer (lineage-fn's handler) in a context of {@code properties}, its output captured. */
final class ScheduledSigner {
    private ScheduledSigner() {
    }

    /** What the handler returned and what the run printed (this JVM's witness prints its refusals too). */
    record Run(Map<String, Object> result, String printed) {
        /** The signer's one witness alarm line. */
        String alarm() {
            List<String> alarms = printed.lines().filter(l -> l.contains("\"alarm\":\"LINEAGE_WITNESS_REFUSED\"")).toList();
            assertThat(alarms).hasSize(1);
            return alarms.get(0);
        }
    }

    static Run run(Map<String, Object> properties) {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (ApplicationContext ctx = ApplicationContext.run(properties)) {
            return new Run(new CheckpointFunction(ctx).handleRequest(new ScheduledEvent(), null), printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }
}
