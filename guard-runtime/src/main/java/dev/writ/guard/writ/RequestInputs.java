package dev.writ.guard.writ;

import java.util.List;
import java.util.Set;

/**
 * The values an invocation carries for the keys of {@link BoundInputs}, read from the event the
 * guard received (or, at the authorizer, from the authorizer event). Every place a value can hide
 * is read: a header named in two cases, or present in both the single- and multi-value maps,
 * yields each distinct value, so a request that says two things about one input is never
 * matched against only one of them.
 */
public interface RequestInputs {

    /** An event with no readable inputs. */
    RequestInputs NONE = key -> List.of();

    /** The distinct values of input {@code key}: empty when absent, more than one when ambiguous. */
    List<String> values(String key);

    /**
     * The keys a writ must bind to be valid for this event at all: a tool call requires
     * {@link BoundInputs#TOOL} and {@link BoundInputs#ARGS}, so a writ that never named the tool
     * cannot run it. None by default.
     */
    default Set<String> required() {
        return Set.of();
    }
}
