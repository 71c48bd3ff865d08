package dev.writ.guard.replay;

/** The replay store could not be reached or answered unexpectedly. */
public final class ReplayStoreUnavailableException extends RuntimeException {
    public ReplayStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
