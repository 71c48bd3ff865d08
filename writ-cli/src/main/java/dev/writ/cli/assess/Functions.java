package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The functions of a template: SAM functions with their Globals applied, and plain Lambda functions. */
final class Functions {
    static final String SAM_FUNCTION = "AWS::Serverless::Function";
    static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";

    private Functions() {
    }

    /** Every function of the template, in order; {@code deployed} replaces what the stack really runs. */
    static List<LambdaFunction> read(Template template, Map<String, DeployedFunction> deployed) {
        List<LambdaFunction> out = new ArrayList<>();
        for (Resource r : template.resources()) {
            LambdaFunction f = switch (r.type()) {
                case SAM_FUNCTION -> sam(template, r);
                case LAMBDA_FUNCTION -> new LambdaFunction(r, Values.string(r.property("Handler")), r.property("Runtime"),
                        r.property("PackageType"), Values.list(r.property("Layers")), variables(r.properties()));
                default -> null;
            };
            if (f != null) {
                DeployedFunction d = deployed.get(r.logicalId());
                out.add(d == null ? f : d.applyTo(f));
            }
        }
        return out;
    }

    /** SAM's Globals: the function's scalars win, lists are the global items then the function's, maps merge. */
    private static LambdaFunction sam(Template template, Resource r) {
        Mapping globals = template.globals("Function");
        Object handler = own(r, globals, "Handler");
        List<Object> layers = new ArrayList<>(Values.list(globals.get("Layers")));
        layers.addAll(Values.list(r.property("Layers")));
        Mapping env = new Mapping(r.lineOf("Environment"));
        variables(globals).forEach(env::put);
        Mapping own = variables(r.properties());
        own.forEach((k, v) -> env.put(k, v, own.lineOf(k)));
        return new LambdaFunction(r, Values.string(handler), own(r, globals, "Runtime"), own(r, globals, "PackageType"), layers, env);
    }

    /** A scalar property: the function's own, else the Globals'. */
    private static Object own(Resource r, Mapping globals, String property) {
        return r.properties().containsKey(property) ? r.property(property) : globals.get(property);
    }

    private static Mapping variables(Mapping properties) {
        return Values.mapping(Values.mapping(properties.get("Environment")).get("Variables"));
    }
}
