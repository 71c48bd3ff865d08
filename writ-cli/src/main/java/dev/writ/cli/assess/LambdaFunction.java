package dev.writ.cli.assess;

import java.util.List;

/**
 * One Lambda function as it will run: handler, layers and environment after SAM's Globals are
 * applied, or as a deployed stack's Lambda configuration reports them.
 *
 * @param handler     the literal handler, or null (computed, or a container image)
 * @param runtime     the runtime as written ({@code java21}), or a value computed at deploy time, or null
 * @param packageType {@code Zip} or {@code Image} as written, a computed value, or null ({@code Zip})
 * @param layers      each layer as written: a reference to a layer resource, or a literal ARN
 * @param environment the variables: literal strings or computed values
 * @param versions    a deployed function's published versions, each with its own configuration (none for a template)
 */
record LambdaFunction(Resource resource, String handler, Object runtime, Object packageType, List<Object> layers, Mapping environment,
                      List<Version> versions) {

    LambdaFunction(Resource resource, String handler, Object runtime, Object packageType, List<Object> layers, Mapping environment) {
        this(resource, handler, runtime, packageType, layers, environment, List.of());
    }

    /**
     * A published version: what Lambda runs when it is invoked by its number or through an alias,
     * the configuration it was published with, whatever the function's has become since.
     */
    record Version(String number, List<String> aliases, LambdaFunction function) {
        String text() {
            return "published version " + number + (aliases.isEmpty() ? "" : " (alias " + String.join(", ", aliases) + ")");
        }
    }

    String logicalId() {
        return resource.logicalId();
    }

    /**
     * Whether a variable is set: to a literal that is not blank, or to a value computed at deploy
     * time that does not depend on a condition ({@code Fn::If} may choose nothing).
     */
    boolean hasVariable(String name) {
        return variableValue(name) != null;
    }

    /** A variable's value, or null when it is absent, blank or conditional. */
    Object variableValue(String name) {
        Object v = environment.get(name);
        return v == null || v instanceof String s && s.isBlank() || Values.conditional(v) ? null : v;
    }

    /** The first of a setting's variables that is set (see {@link #hasVariable}). */
    java.util.Optional<String> setName(WritNames.Variable variable) {
        return variable.names().stream().filter(this::hasVariable).findFirst();
    }

    /** The value of the first of a setting's variables that is set, or null. */
    Object value(WritNames.Variable variable) {
        return setName(variable).map(this::variableValue).orElse(null);
    }

    /** The line of the first of a setting's variables that is set, else the environment's. */
    int lineOf(WritNames.Variable variable) {
        return setName(variable).map(environment::lineOf).orElse(environment.line());
    }

    int handlerLine() {
        return resource.lineOf("Handler");
    }
}
