package dev.writ.cli.assess;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Whether a policy document denies rewriting a table: an explicit Deny of UpdateItem and DeleteItem on it. */
final class IamDenies {
    static final List<String> REWRITES = List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem");
    private static final Set<String> POLICY_TYPES = Set.of("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy");

    private final Refs refs;

    IamDenies(Refs refs) {
        this.refs = refs;
    }

    /** The table's own resource policy denies every principal (conditions allowed: a break-glass exception). */
    Optional<String> inResourcePolicy(Resource table) {
        Mapping policy = Values.mapping(Values.mapping(table.property("ResourcePolicy")).get("PolicyDocument"));
        for (Object s : Values.list(policy.get("Statement"))) {
            Mapping st = Values.mapping(s);
            Object principal = st.get("Principal");
            boolean everyone = "*".equals(principal) || "*".equals(Values.string(Values.mapping(principal).get("AWS")));
            if (denies(st) && everyone) {
                return Optional.of("the table's resource policy denies " + String.join(", ", REWRITES) + " to every principal");
            }
        }
        return Optional.empty();
    }

    /** A policy attached to the function's role (managed, inline, or an AWS::IAM::Policy naming the role) denies it on the table. */
    Optional<String> onRole(Object roleValue, Resource table) {
        Optional<Resource> role = refs.resource(roleValue, Set.of("AWS::IAM::Role"));
        if (role.isEmpty()) {
            return Optional.empty();
        }
        for (Object arn : Values.list(role.get().property("ManagedPolicyArns"))) {
            Optional<Resource> p = refs.resource(arn, POLICY_TYPES);
            if (p.isPresent() && deniesOn(p.get().property("PolicyDocument"), table)) {
                return Optional.of("managed policy " + p.get().logicalId() + " on role " + role.get().logicalId() + " denies rewrites of the table");
            }
        }
        for (Object inline : Values.list(role.get().property("Policies"))) {
            if (deniesOn(Values.mapping(inline).get("PolicyDocument"), table)) {
                return Optional.of("an inline policy of role " + role.get().logicalId() + " denies rewrites of the table");
            }
        }
        for (Resource p : refs.template().resources()) {
            if (p.type().equals("AWS::IAM::Policy") && Values.list(p.property("Roles")).stream()
                    .anyMatch(r -> Values.references(r).contains(role.get().logicalId())) && deniesOn(p.property("PolicyDocument"), table)) {
                return Optional.of("policy " + p.logicalId() + " on role " + role.get().logicalId() + " denies rewrites of the table");
            }
        }
        return Optional.empty();
    }

    private boolean deniesOn(Object document, Resource table) {
        for (Object s : Values.list(Values.mapping(document).get("Statement"))) {
            Mapping st = Values.mapping(s);
            if (denies(st) && !st.containsKey("Condition") && Values.list(st.get("Resource")).stream()
                    .anyMatch(r -> "*".equals(r) || Values.references(r).contains(table.logicalId()))) {
                return true;
            }
        }
        return false;
    }

    /** An unconditional-effect Deny whose actions cover every rewrite (wildcards honoured). */
    private static boolean denies(Mapping statement) {
        if (!"Deny".equals(Values.string(statement.get("Effect")))) {
            return false;
        }
        List<Object> actions = Values.list(statement.get("Action"));
        return REWRITES.stream().allMatch(needed -> actions.stream().anyMatch(a -> a instanceof String s && matches(s, needed)));
    }

    static boolean matches(String pattern, String action) {
        String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return action.toLowerCase(Locale.ROOT).matches(regex);
    }
}
