package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Lambda's view of the entry point in these tests: the runtime loads this class by name and
 * constructs it at init, which constructs a {@link GuardedHandler} with the test's guard and
 * variables (the public constructor reads the process environment, which a test cannot set). It
 * adds nothing: an exception from that constructor leaves this one unchanged, and every invocation
 * is passed on as it came, its {@link Context} noted so that tests can check it reached the handler.
 */
public final class EntryUnderTest implements RequestStreamHandler {
    static volatile Supplier<GuardedHandler> next;
    static volatile Context lastContext;

    private final GuardedHandler entry = next.get();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        lastContext = context;
        entry.handleRequest(input, output, context);
    }
}
