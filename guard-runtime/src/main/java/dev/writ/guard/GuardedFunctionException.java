package dev.writ.guard;

/** Wraps a checked exception thrown by user code after its writ was allowed. */
public final class GuardedFunctionException extends RuntimeException {
    public GuardedFunctionException(Exception cause) {
        super(cause.getMessage(), cause);
    }
}
