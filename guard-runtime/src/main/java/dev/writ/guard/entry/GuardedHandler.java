package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardedFunctionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writ's entry point: guards a function whose code knows nothing of Writ. Set the function's
 * handler to {@code dev.writ.guard.entry.GuardedHandler}, attach the guard-runtime layer, and name
 * the function's own handler in {@code WRIT_GUARD_HANDLER} ({@code Class} or {@code Class::method},
 * as in the function's {@code Handler} setting). Each invocation's bytes go to the guard first; only
 * an allowed invocation reaches the handler, deserialised as the Lambda Java runtime would
 * deserialise it, with the same {@link Context}. Denials are the guard's (a 403 response for API
 * Gateway events, {@code WritDeniedException} otherwise).
 *
 * <p>At init (when Lambda constructs this class), the guard is configured from the
 * {@code WRIT_GUARD_*} environment and the handler is loaded, initialised and instantiated as
 * Lambda would. A configuration that cannot guard, or a handler Lambda could not run, fails the
 * init with a message naming the variable and the handler: the function never runs unguarded. What
 * the handler's own code throws, at init or per invocation, reaches Lambda as it would without Writ.
 */
public final class GuardedHandler implements RequestStreamHandler {

    /** The function's own handler, run after the guard allowed an invocation. */
    static final Variable HANDLER = Variable.of("WRIT_GUARD_HANDLER");

    private final Guard guard;
    private final RequestStreamHandler handler;

    /** Called by Lambda at init: the guard and the handler from the environment. */
    public GuardedHandler() {
        this(Guard.fromEnvironment(), Environment.system());
    }

    GuardedHandler(Guard guard, Environment env) {
        String name = env.string(HANDLER).orElseThrow(() -> new ConfigurationException(HANDLER.name(),
                "is not set: it names the function's own handler (Class or Class::method), run after the guard"));
        this.guard = guard;
        try {
            this.handler = HandlerLoader.load(name, classLoader());
        } catch (UnresolvableHandlerException e) {
            throw new ConfigurationException(HANDLER.name(), "names " + name + ": " + e.getMessage()
                    + "; the function does not start unguarded");
        }
    }

    /** The loader Lambda loaded the function with: it makes it the context class loader before loading the handler. */
    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : GuardedHandler.class.getClassLoader();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try {
            guard.handleStream(input, output, context, (event, out, c, writ) -> handler.handleRequest(event, out, c));
        } catch (GuardedFunctionException checked) {
            // The guard wraps a checked exception of user code once; Lambda gets the original.
            throw Rethrow.unchanged(checked.getCause());
        }
    }
}
