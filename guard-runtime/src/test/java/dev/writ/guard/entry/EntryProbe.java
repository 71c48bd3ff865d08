package dev.writ.guard.entry;

/**
 * Constructs the entry point as Lambda does, with its public constructor and this JVM's real
 * environment, and prints the outcome; run in fresh JVMs by {@link GuardedHandlerInitTest}.
 */
public final class EntryProbe {
    private EntryProbe() {
    }

    public static void main(String[] args) {
        try {
            new GuardedHandler();
            System.out.println("started");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
