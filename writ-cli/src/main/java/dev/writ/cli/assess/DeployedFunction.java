package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Lambda reports a deployed function runs with (GetFunctionConfiguration, ListVersionsByFunction,
 * ListAliases): it replaces the template's.
 *
 * @param published the function's published versions and the aliases pointing at each
 */
record DeployedFunction(Configuration latest, List<Published> published) {

    /** One configuration: {@code $LATEST}'s or a published version's. */
    record Configuration(String handler, String runtime, String packageType, List<String> layerArns, Map<String, String> variables) {
    }

    record Published(String version, List<String> aliases, Configuration configuration) {
    }

    LambdaFunction applyTo(LambdaFunction declared) {
        List<LambdaFunction.Version> versions = published.stream()
                .map(p -> new LambdaFunction.Version(p.version(), p.aliases(), apply(p.configuration(), declared, List.of()))).toList();
        return apply(latest, declared, versions);
    }

    private static LambdaFunction apply(Configuration c, LambdaFunction declared, List<LambdaFunction.Version> versions) {
        Mapping env = new Mapping(declared.environment().line());
        c.variables().forEach((k, v) -> env.put(k, v, declared.environment().lineOf(k)));
        return new LambdaFunction(declared.resource(), c.handler(), c.runtime(), c.packageType(), new ArrayList<>(c.layerArns()), env, versions);
    }
}
