package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.guard.writ.Writ;
import java.io.InputStream;
import java.io.OutputStream;

/** Stream user code that runs only after its writ verified. */
@FunctionalInterface
public interface GuardedStreamFunction {
    /**
     * Handles the event bytes; for a direct-invoke envelope {@code {"writ":..., "payload":...}}
     * {@code input} holds just the payload.
     */
    void handle(InputStream input, OutputStream output, Context context, Writ writ) throws Exception;
}
