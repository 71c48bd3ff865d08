package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.guard.writ.Writ;

/**
 * User code that runs only after its writ verified.
 *
 * @param <I> input type
 * @param <O> output type
 */
@FunctionalInterface
public interface GuardedFunction<I, O> {
    /** Handles the event; {@code writ} holds the verified claims. */
    O handle(I input, Context context, Writ writ) throws Exception;
}
