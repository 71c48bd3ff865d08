package dev.writ.audit;

/** Told how far a long verification has come (every {@value #EVERY} records and at the end of a chain). */
@FunctionalInterface
public interface VerifyProgress {
    int EVERY = 1000;

    void verified(String chain, long records);

    /** Progress nobody listens to. */
    static VerifyProgress none() {
        return (chain, records) -> { };
    }
}
