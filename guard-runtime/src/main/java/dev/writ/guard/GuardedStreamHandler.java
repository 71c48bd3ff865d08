package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.writ.guard.writ.Writ;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Base class for a guarded {@link RequestStreamHandler}; see {@link GuardedRequestHandler}.
 */
public abstract class GuardedStreamHandler implements RequestStreamHandler {

    private final Guard guard;

    /** Builds the guard from the {@code WRIT_*} environment. */
    protected GuardedStreamHandler() {
        this(Guard.fromEnvironment());
    }

    /** Uses an explicitly configured guard. */
    protected GuardedStreamHandler(Guard guard) {
        this.guard = guard;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        guard.handleStream(input, output, context, this::handleVerified);
    }

    /** Your handler; runs only for events whose writ verified. */
    protected abstract void handleVerified(InputStream input, OutputStream output, Context context, Writ writ)
            throws Exception;
}
