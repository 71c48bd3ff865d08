package dev.writ.cli.assess;

import java.util.Optional;
import java.util.Set;

/** Which resource of the template a value points at, through Refs, GetAtts, Subs or a deployed physical id. */
final class Refs {
    private static final Set<String> FUNCTION_TYPES = Set.of(Functions.SAM_FUNCTION, Functions.LAMBDA_FUNCTION);
    private static final Set<String> VERSION_TYPES = Set.of("AWS::Lambda::Alias", "AWS::Lambda::Version");

    private final Template template;

    Refs(Template template) {
        this.template = template;
    }

    Template template() {
        return template;
    }

    /** The first resource of one of {@code types} the value refers to. */
    Optional<Resource> resource(Object value, Set<String> types) {
        for (String id : Values.references(value)) {
            Optional<Resource> r = template.resource(id).filter(x -> types.isEmpty() || types.contains(x.type()));
            if (r.isPresent()) {
                return r;
            }
        }
        return template.byPhysicalId(Values.string(value)).filter(x -> types.isEmpty() || types.contains(x.type()));
    }

    /** Any resource the value refers to. */
    Optional<Resource> resource(Object value) {
        return resource(value, Set.of());
    }

    /** The function a value invokes: the function itself, or its alias or version. */
    Optional<String> function(Object value) {
        for (String id : Values.references(value)) {
            Optional<String> f = template.resource(id).flatMap(this::functionOf);
            if (f.isPresent()) {
                return f;
            }
        }
        return template.byPhysicalId(Values.string(value)).flatMap(this::functionOf);
    }

    private Optional<String> functionOf(Resource r) {
        if (VERSION_TYPES.contains(r.type())) {
            return resource(r.property("FunctionName"), FUNCTION_TYPES).map(Resource::logicalId);
        }
        return FUNCTION_TYPES.contains(r.type()) ? Optional.of(r.logicalId()) : Optional.empty();
    }
}
