package dev.writ.guard.entry;

/** Throws a user code's exception on unchanged, checked or not, as the Lambda Java runtime does. */
final class Rethrow {

    private Rethrow() {
    }

    /** Never returns; declared to return so that callers can write {@code throw Rethrow.unchanged(t)}. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException unchanged(Throwable t) throws T {
        throw (T) t;
    }
}
