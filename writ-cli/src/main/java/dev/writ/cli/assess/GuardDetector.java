package dev.writ.cli.assess;

import java.util.Optional;
import java.util.Set;

/** Decides whether a function runs behind the guard, from its handler, runtime, layers and variables. */
final class GuardDetector {
    private static final Set<String> LAYER_TYPES = Set.of("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion");

    /** Where a layer resource says what it is: its name, or the file or object it is made of. */
    private static final java.util.List<String> LAYER_NAMING = java.util.List.of("LayerName", "ContentUri", "Content");

    private final Refs refs;

    GuardDetector(Refs refs) {
        this.refs = refs;
    }

    Governance detect(LambdaFunction f) {
        Governance configured = configured(f);
        return configured.guarded() ? GuardBypasses.find(f).or(() -> unguardedVersion(f)).map(Governance::bypassed).orElse(configured)
                : configured;
    }

    /** The first published version that does not run behind the guard: its number or alias invokes it unguarded. */
    private Optional<Governance.Bypass> unguardedVersion(LambdaFunction f) {
        for (LambdaFunction.Version v : f.versions()) {
            Governance g = detect(v.function());
            if (!g.guarded()) {
                return Optional.of(new Governance.Bypass(v.text() + " is not guarded, and runs when invoked by its number or alias: "
                        + g.evidence(), f.resource().line()));
            }
        }
        return Optional.empty();
    }

    private Governance configured(LambdaFunction f) {
        String cls = WritNames.handlerClass(f.handler());
        Optional<String> layer = guardLayer(f);
        if (WritNames.ENTRY_POINT.equals(cls)) {
            if (layer.isEmpty()) {
                return none("the handler is Writ's entry point but no guard layer is attached: the template does not show where the class comes from");
            }
            if (!f.hasVariable(WritNames.HANDLER_VARIABLE)) {
                return none("the handler is Writ's entry point but " + WritNames.HANDLER_VARIABLE + " is not set: the function fails its init");
            }
            return new Governance(Governance.Mode.LAYER_ENTRY_POINT, "handler " + WritNames.ENTRY_POINT + " from layer " + layer.get()
                    + ", original handler in " + WritNames.HANDLER_VARIABLE + " (" + SamEvents.text(f.environment().get(WritNames.HANDLER_VARIABLE)) + ")");
        }
        if (f.hasVariable(WritNames.HANDLER_VARIABLE)) {
            // Set up for the entry point, but the handler is something else (often the original
            // handler itself, pointed at directly): whatever else is attached, the guard is not first.
            return none(WritNames.HANDLER_VARIABLE + " is set but the handler is " + cls + ", not Writ's entry point: the guard does not run first");
        }
        if (cls != null && WritNames.GUARDED_HANDLERS.contains(cls)) {
            return new Governance(Governance.Mode.CODE_WRAPPER, "handler " + cls + " is a Writ example that extends GuardedRequestHandler"
                    + layer.map(l -> ", guard layer " + l).orElse(""));
        }
        Optional<String> issuers = f.setName(WritNames.TRUSTED_ISSUERS);
        if (layer.isPresent() && issuers.isPresent()) {
            return new Governance(Governance.Mode.CODE_WRAPPER, "guard layer " + layer.get() + " and " + issuers.get()
                    + " set; the template cannot show that handler " + f.handler() + " calls the guard");
        }
        if (f.handler() == null) {
            return none("no literal handler (a container image or a computed value): not assessed as guarded");
        }
        if (issuers.isPresent()) {
            return none(issuers.get() + " is set but no guard layer is attached and " + cls + " is not a known guarded handler");
        }
        return none("handler " + cls + " is neither Writ's entry point nor a known guarded handler, and no guard layer is attached");
    }

    private static Governance none(String why) {
        return new Governance(Governance.Mode.NONE, why);
    }

    /** The attached layer that is the guard-runtime layer, named as written, if any. */
    Optional<String> guardLayer(LambdaFunction f) {
        for (Object layer : f.layers()) {
            if (Values.conditional(layer)) {
                continue;
            }
            Optional<Resource> r = refs.resource(layer, LAYER_TYPES);
            if (r.isPresent() && LAYER_NAMING.stream().anyMatch(p -> marked(r.get().property(p)))) {
                return Optional.of(r.get().logicalId());
            }
            String literal = Values.string(layer);
            if (literal != null && marked(literal)) {
                return Optional.of(literal);
            }
        }
        return Optional.empty();
    }

    private static boolean marked(Object value) {
        if (value instanceof String s) {
            return WritNames.GUARD_LAYER_MARKERS.stream().anyMatch(s::contains);
        }
        if (value instanceof java.util.Map<?, ?> m) {
            return m.values().stream().anyMatch(GuardDetector::marked);
        }
        if (value instanceof java.util.List<?> l) {
            return l.stream().anyMatch(GuardDetector::marked);
        }
        return value instanceof Fn fn && marked(fn.arg());
    }
}
