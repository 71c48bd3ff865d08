package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What Lambda reports a deployed function runs with (GetFunctionConfiguration): it replaces the template's. */
record DeployedFunction(String handler, String runtime, String packageType, List<String> layerArns, Map<String, String> variables) {

    LambdaFunction applyTo(LambdaFunction declared) {
        Mapping env = new Mapping(declared.environment().line());
        variables.forEach((k, v) -> env.put(k, v, declared.environment().lineOf(k)));
        return new LambdaFunction(declared.resource(), handler, runtime, packageType, new ArrayList<>(layerArns), env);
    }
}
