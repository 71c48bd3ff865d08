package dev.writ.cli.assess;

import java.util.List;

/**
 * One Lambda function as it will run: handler, layers and environment after SAM's Globals are
 * applied, or as a deployed stack's Lambda configuration reports them.
 *
 * @param handler     the literal handler, or null (computed, or a container image)
 * @param layers      each layer as written: a reference to a layer resource, or a literal ARN
 * @param environment the variables: literal strings or computed values
 */
record LambdaFunction(Resource resource, String handler, List<Object> layers, Mapping environment) {

    String logicalId() {
        return resource.logicalId();
    }

    /** The literal value of a variable, or null when it is absent or computed. */
    String variable(String name) {
        return Values.string(environment.get(name));
    }

    /** Whether a variable is set (to a literal that is not blank, or to a computed value). */
    boolean hasVariable(String name) {
        Object v = environment.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    int handlerLine() {
        return resource.lineOf("Handler");
    }
}
