package dev.writ.authorizer.exchange;

import dev.writ.guard.hop.LambdaFunctionName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the functions the exchanges' writs name run: the account and region, and the Lambda names
 * of each bundle function deployed under other names than the bundle's (a stack's generated names).
 * One bundle function may be deployed as several Lambda functions (the same code behind a REST API
 * and an HTTP API): a writ for it then names each of them by unqualified ARN, so every one of them
 * runs it and no other function does ({@code WRONG_AUDIENCE}). A single-use writ still runs once in
 * all: its {@code jti} is spent in the replay table the guards share.
 *
 * @param account       the 12-digit account id
 * @param region        the region ({@code us-east-1})
 * @param functionNames the deployed Lambda names of each bundle function, by bundle name; a function
 *                      not given is deployed under its bundle name
 */
public record FunctionDeployment(String account, String region, Map<String, List<String>> functionNames) {

    /**
     * @throws IllegalArgumentException when a function is given no name, an empty or invalid one,
     *                                  the same one twice, or one another function is deployed as
     */
    public FunctionDeployment {
        functionNames = checked(functionNames);
    }

    private static Map<String, List<String>> checked(Map<String, List<String>> deployedByBundleName) {
        Map<String, String> functionByDeployed = new HashMap<>();
        Map<String, List<String>> copy = new HashMap<>();
        deployedByBundleName.forEach((function, deployed) -> {
            if (deployed.isEmpty()) {
                throw new IllegalArgumentException("no deployed name of " + function);
            }
            for (String name : deployed) {
                if (!LambdaFunctionName.parse(name).filter(f -> f.name().equals(name)).isPresent()) {
                    throw new IllegalArgumentException("the deployed name of " + function + " is no function name: \"" + name + "\"");
                }
                String other = functionByDeployed.put(name, function);
                if (other != null) {
                    // One Lambda function has one guard, of one bundle function (WRIT_GUARD_FUNCTION_NAME).
                    throw new IllegalArgumentException(other.equals(function) ? "the deployed name " + name + " of " + function
                            + " is given twice" : "the deployed name " + name + " is given for both " + other + " and " + function);
                }
            }
            copy.put(function, List.copyOf(deployed));
        });
        return Map.copyOf(copy);
    }

    /** The unqualified ARNs of bundle function {@code function}: one per deployed name, in the order given. */
    public List<String> functionArns(String partition, String function) {
        return functionNames.getOrDefault(function, List.of(function)).stream().map(name -> functionArn(partition, name)).toList();
    }

    /** The unqualified ARN of the Lambda function named {@code name} in this account and region. */
    public String functionArn(String partition, String name) {
        return "arn:" + partition + ":lambda:" + region + ":" + account + ":function:" + name;
    }
}
