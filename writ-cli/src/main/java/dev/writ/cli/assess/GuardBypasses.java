package dev.writ.cli.assess;

import java.util.List;
import java.util.Optional;

/**
 * Settings that let something other than the guard run first, or instead of it, while the handler,
 * layer and variables still look guarded: a runtime other than Java resolves the entry point's name
 * to a file the function ships; a container image chooses its own entry point and class path; an
 * exec wrapper script may rewrite the handler before the runtime reads it; JVM options may load an
 * agent or classes ahead of the class path Lambda builds. None of them shows in the template what
 * the code it starts does, so none counts as guarded.
 */
final class GuardBypasses {
    /** The variable Lambda runs a wrapper script from, before the runtime (with the handler in its environment). */
    static final String EXEC_WRAPPER = "AWS_LAMBDA_EXEC_WRAPPER";
    /** The variables the JVM (JAVA_TOOL_OPTIONS, _JAVA_OPTIONS) and the java launcher (JDK_JAVA_OPTIONS) read options from. */
    static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private GuardBypasses() {
    }

    /** The first setting of {@code f} that can run other code before or instead of the guard, if any. */
    static Optional<Governance.Bypass> find(LambdaFunction f) {
        Resource r = f.resource();
        if (f.packageType() != null && !"Zip".equals(f.packageType())) {
            return Optional.of(new Governance.Bypass("package type " + text(f.packageType()) + ": a container image chooses its own entry point"
                    + " and class path, which the template does not show", r.lineOf("PackageType")));
        }
        if (!(f.runtime() instanceof String runtime)) {
            return Optional.of(new Governance.Bypass("no literal Java runtime (" + text(f.runtime()) + "): the handler name means Writ's class"
                    + " only to a Java runtime", r.lineOf("Runtime")));
        }
        if (!runtime.strip().startsWith("java")) {
            return Optional.of(new Governance.Bypass("runtime " + runtime + " does not run Java: it resolves the handler "
                    + f.handler() + " to the function's own code", r.lineOf("Runtime")));
        }
        if (f.environment().get(EXEC_WRAPPER) != null) {
            return Optional.of(new Governance.Bypass(EXEC_WRAPPER + " is set (" + text(f.environment().get(EXEC_WRAPPER))
                    + "): the script runs before the runtime and may start it with another handler", f.environment().lineOf(EXEC_WRAPPER)));
        }
        for (String variable : JVM_OPTION_VARIABLES) {
            Object value = f.environment().get(variable);
            Optional<String> unsafe = value == null ? Optional.empty()
                    : value instanceof String options ? JvmOptions.firstUnsafe(options) : Optional.of("a value computed at deploy time");
            if (unsafe.isPresent()) {
                return Optional.of(new Governance.Bypass(variable + " holds " + unsafe.get() + ", which may load code ahead of the class path"
                        + " Lambda builds, or run it before Writ's entry point", f.environment().lineOf(variable)));
            }
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value == null ? "none" : SamEvents.text(value);
    }
}
