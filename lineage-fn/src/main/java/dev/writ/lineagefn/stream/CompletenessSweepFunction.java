package dev.writ.lineagefn.stream;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lambda handler {@code dev.writ.lineagefn.stream.CompletenessSweepFunction}, run by an
 * EventBridge schedule beside the stream verifier: judges the expecting records whose settle time
 * has passed ({@link CompletenessSweep}). Without {@code WRIT_COMPLETENESS_TABLE} it fails, so a
 * sweep that judges nothing is an error Lambda counts, never a quiet success.
 */
public class CompletenessSweepFunction extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {
    @Inject
    CompletenessSweep sweep;

    private final Consumer<String> out;

    /** For Lambda. */
    public CompletenessSweepFunction() {
        super();
        this.out = System.out::println;
    }

    /** For tests and embedding: runs in {@code context}, alarm lines to {@code out}. */
    public CompletenessSweepFunction(ApplicationContext context, Consumer<String> out) {
        super(context);
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        CompletenessSweep.Result r = sweep.sweep(System.currentTimeMillis(), out);
        return Map.of("answered", r.answered(), "incomplete", r.reported().size());
    }
}
