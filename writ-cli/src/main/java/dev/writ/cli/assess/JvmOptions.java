package dev.writ.cli.assess;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JVM options of {@code JAVA_TOOL_OPTIONS} and its siblings for what could run code before
 * Writ's entry point or replace its classes. Fail closed: an option counts as safe only when it is
 * one of the tuning, property and module-access forms below, so an option this class does not know
 * is reported rather than trusted.
 */
final class JvmOptions {
    /** {@code -XX:} options that read more options from a file or run a command. */
    private static final Set<String> UNSAFE_XX = Set.of("Flags", "VMOptionsFile", "OnError", "OnOutOfMemoryError");
    /** System properties the JVM reads to load classes or modules at startup. */
    private static final List<String> UNSAFE_PROPERTIES = List.of("java.system.class.loader", "java.class.path",
            "java.security.manager", "jdk.module.");
    /** Memory, stack, logging and sharing settings. */
    private static final List<String> TUNING = List.of("-Xmx", "-Xms", "-Xmn", "-Xss", "-Xlog", "-Xshare:");
    private static final Set<String> FLAGS = Set.of("-verbose:gc", "-verbose:class", "-ea", "-da", "-esa", "-dsa",
            "-enableassertions", "-disableassertions", "--enable-preview");
    /** Module access options; each takes its value after {@code =} or as the next word. */
    private static final Set<String> ACCESS = Set.of("--add-opens", "--add-exports", "--add-reads");

    private JvmOptions() {
    }

    /** The first option in {@code options} not known to leave class loading as Lambda sets it up, if any. */
    static Optional<String> firstUnsafe(String options) {
        String[] words = options.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.isEmpty() || safe(w)) {
                continue;
            }
            if (ACCESS.contains(w) && i + 1 < words.length) {
                i++;
                continue;
            }
            return Optional.of(w);
        }
        return Optional.empty();
    }

    private static boolean safe(String w) {
        if (w.contains("\"") || w.contains("'")) {
            return false; // quoting changes how the JVM splits the words: read as written, the split above could miss an option
        }
        if (w.startsWith("-XX:")) {
            String name = w.substring(4).replaceFirst("^[+-]", "").split("=", 2)[0];
            return !name.isEmpty() && !UNSAFE_XX.contains(name);
        }
        if (w.startsWith("-D")) {
            String property = w.substring(2);
            return !property.isEmpty() && UNSAFE_PROPERTIES.stream().noneMatch(property::startsWith);
        }
        return FLAGS.contains(w) || TUNING.stream().anyMatch(w::startsWith) || ACCESS.stream().anyMatch(a -> w.startsWith(a + "="));
    }
}
