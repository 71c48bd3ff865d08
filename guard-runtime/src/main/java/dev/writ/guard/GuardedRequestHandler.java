package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.writ.guard.writ.Writ;

/**
 * Base class for a guarded {@link RequestHandler}: extend it, implement
 * {@link #handleVerified}, and name your class as the Lambda handler. The guard is built from the
 * environment when the class is constructed (at init, so a misconfigured guard fails the init
 * rather than any invocation running unguarded).
 *
 * @param <I> input type
 * @param <O> output type
 */
public abstract class GuardedRequestHandler<I, O> implements RequestHandler<I, O> {

    private final Guard guard;

    /** Builds the guard from the {@code WRIT_*} environment. */
    protected GuardedRequestHandler() {
        this(Guard.fromEnvironment());
    }

    /** Uses an explicitly configured guard. */
    protected GuardedRequestHandler(Guard guard) {
        this.guard = guard;
    }

    @Override
    public final O handleRequest(I input, Context context) {
        return guard.handle(input, context, this::handleVerified);
    }

    /** Your handler; runs only for events whose writ verified. */
    protected abstract O handleVerified(I input, Context context, Writ writ) throws Exception;
}
