package dev.writ.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One configuration variable: its name, prefixed by the component that reads it
 * ({@code WRIT_GUARD_*}, {@code WRIT_AUTHORIZER_*}, {@code WRIT_LINEAGE_*}, {@code WRIT_CHECKPOINT_*}),
 * and the older names it still answers to, each logged once as deprecated when used.
 *
 * @param name       the variable's name
 * @param deprecated older names, read when {@code name} is not set
 */
public record Variable(String name, List<String> deprecated) {

    public Variable {
        Objects.requireNonNull(name, "name");
        deprecated = List.copyOf(deprecated);
    }

    /** A variable without older names. */
    public static Variable of(String name) {
        return new Variable(name, List.of());
    }

    /** A variable that still answers to {@code deprecated} older names. */
    public static Variable of(String name, String... deprecated) {
        return new Variable(name, List.of(deprecated));
    }

    @Override
    public String toString() {
        return name;
    }
}
