package dev.writ.core.config;

import dev.writ.core.internal.LogLines;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one reader of Writ's configuration variables, for every component. A blank value is absent;
 * values are stripped. A deprecated name is read when the current one is not set, with one
 * {@code WARN} line per name per {@code Environment} (so once per process for {@link #system()});
 * both names set to different values is an error. Every problem is a {@link ConfigurationException}
 * naming the variable.
 */
public final class Environment {

    private static final Environment SYSTEM = new Environment(System.getenv(), System.err);

    private final Map<String, String> env;
    private final PrintStream warnings;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private Environment(Map<String, String> env, PrintStream warnings) {
        this.env = Objects.requireNonNull(env, "env");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** The process's environment; deprecation warnings to stderr, once per name per process. */
    public static Environment system() {
        return SYSTEM;
    }

    /** The given variables; deprecation warnings to stderr. */
    public static Environment of(Map<String, String> env) {
        return new Environment(env, System.err);
    }

    /** The given variables; deprecation warnings to {@code warnings} (tests). */
    public static Environment of(Map<String, String> env, PrintStream warnings) {
        return new Environment(env, warnings);
    }

    /** The value, or empty when neither the name nor a deprecated name is set. */
    public Optional<String> string(Variable variable) {
        String current = value(variable.name());
        for (String old : variable.deprecated()) {
            String legacy = value(old);
            if (legacy == null) {
                continue;
            }
            if (current != null && !current.equals(legacy)) {
                throw new ConfigurationException(variable.name(), "and its deprecated name " + old
                        + " are both set, to different values");
            }
            if (current == null) {
                warnOnce(old, variable.name());
                current = legacy;
            }
        }
        return Optional.ofNullable(current);
    }

    /** The value of a variable that must be set. */
    public String required(Variable variable) {
        return string(variable).orElseThrow(() -> new ConfigurationException(variable.name(), "is not set"));
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when not set. */
    public long number(Variable variable, long fallback, long min, long max) {
        Optional<String> value = string(variable);
        if (value.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(variable.name(), "must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw new ConfigurationException(variable.name(), "must be from " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    /**
     * A comma-separated list, each item stripped, empty items dropped, in the order given; empty
     * when not set. An item given twice is refused: a repeat is a mistake in what was meant (a key
     * ARN pasted twice in place of a second key), not a second value.
     */
    public Set<String> list(Variable variable) {
        Set<String> out = new LinkedHashSet<>();
        string(variable).ifPresent(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(item -> {
                    if (!out.add(item)) {
                        throw new ConfigurationException(variable.name(), "lists " + item + " twice");
                    }
                }));
        return out;
    }

    /** One of {@code allowed}, or {@code fallback} when not set. */
    public String choice(Variable variable, String fallback, Set<String> allowed) {
        String value = string(variable).orElse(fallback);
        if (!allowed.contains(value)) {
            throw new ConfigurationException(variable.name(), "must be one of " + allowed + ", not " + value);
        }
        return value;
    }

    /** A variable that is not Writ's own ({@code AWS_LAMBDA_FUNCTION_NAME}, {@code LAMBDA_TASK_ROOT}). */
    public Optional<String> platform(String name) {
        return Optional.ofNullable(value(name));
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private void warnOnce(String old, String current) {
        if (warned.add(old)) {
            LogLines.warn(warnings, "config", old + " is deprecated; set " + current + " instead");
        }
    }
}
