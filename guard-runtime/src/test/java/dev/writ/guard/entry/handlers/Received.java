package dev.writ.guard.entry.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fixture handlers were handed, in order: the event (an object, or a stream's bytes as
 * text) and the {@link Context}. A handler records before doing anything else, so an empty record
 * means its code did not run.
 */
public final class Received {
    private static final List<Object> EVENTS = new ArrayList<>();
    private static final List<Context> CONTEXTS = new ArrayList<>();

    private Received() {
    }

    public static synchronized void record(Object event, Context context) {
        EVENTS.add(event);
        CONTEXTS.add(context);
    }

    public static synchronized List<Object> events() {
        return List.copyOf(EVENTS);
    }

    public static synchronized List<Context> contexts() {
        return new ArrayList<>(CONTEXTS);
    }

    public static synchronized void clear() {
        EVENTS.clear();
        CONTEXTS.clear();
    }
}
