package dev.writ.policy.bundle;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The AWS calls an execution may make, as a bundle declares it for a route or a hop: IAM-style
 * actions ({@code dynamodb:PutItem}, {@code sqs:*}) and resources (ARNs, {@code *} wildcards as in
 * IAM). The authorizer and the writ exchange put it on the writs they mint ({@code scp}); the
 * guard's containment holds the execution to it.
 *
 * @param actions   {@code service:Operation} patterns, at least one
 * @param resources ARN patterns or {@code *}, at least one
 */
public record RuntimeScope(List<String> actions, List<String> resources) {

    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*?]+|\\*");
    private static final Pattern RESOURCE = Pattern.compile("\\*|arn:[^\\s]+");

    public RuntimeScope {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        if (actions.isEmpty() || resources.isEmpty()) {
            throw new IllegalArgumentException("a scope needs at least one action and one resource");
        }
        for (String a : actions) {
            if (!ACTION.matcher(a).matches()) {
                throw new IllegalArgumentException("scope action must be service:Operation (IAM style): \"" + a + "\"");
            }
        }
        for (String r : resources) {
            if (!RESOURCE.matcher(r).matches()) {
                throw new IllegalArgumentException("scope resource must be an ARN pattern or *: \"" + r + "\"");
            }
        }
    }
}
