package dev.writ.cli.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grants that let a principal invoke one of Writ's exchanges directly instead of through its
 * function URL. An exchange takes its caller from the event's {@code requestContext}, which Lambda
 * writes for a function URL request but a direct invoker writes itself, and nothing the function
 * receives tells the two apart: only IAM can, with {@code lambda:InvokedViaFunctionUrl}. So every
 * Allow of {@code lambda:InvokeFunction} that can name an exchange without that condition is a grant:
 * in any policy document of the template (attached or not, since any can be attached), a SAM policy
 * template or connector, a broad AWS managed policy, or a Lambda permission.
 */
final class ExchangeInvokeGrants {
    static final String INVOKE = "lambda:InvokeFunction";
    static final String VIA_URL = "lambda:InvokedViaFunctionUrl";

    /** AWS managed policies that allow {@code lambda:InvokeFunction} on every function. */
    static final Set<String> BROAD_MANAGED_POLICIES = Set.of("AdministratorAccess", "PowerUserAccess", "AWSLambda_FullAccess",
            "AWSLambdaFullAccess", "AWSLambdaRole");

    private static final Set<String> DOCUMENT_TYPES = Set.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy",
            "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy");
    private static final Set<String> POLICIES_TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", Functions.SAM_FUNCTION);
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    /** Stands for another resource's value in a {@code Fn::Sub}: a character no ARN has, so it names no exchange. */
    private static final String OTHER_RESOURCE = "\u0000";

    /** A grant: the resource that has it, what it is, the exchanges it reaches and its line. */
    record Grant(String logicalId, String what, List<String> exchanges, int line) {
        String message() {
            return logicalId + ": " + what + " allows " + INVOKE + " on " + String.join(", ", exchanges) + " without " + VIA_URL
                    + " = true: a direct invocation writes its own event, naming any caller the exchange then trusts";
        }
    }

    private final Refs refs;
    private final List<LambdaFunction> exchanges;

    private ExchangeInvokeGrants(Refs refs, List<LambdaFunction> exchanges) {
        this.refs = refs;
        this.exchanges = exchanges;
    }

    /** Every grant of the template that reaches one of its exchanges (none when it has no exchange). */
    static List<Grant> find(Refs refs, List<LambdaFunction> functions) {
        List<LambdaFunction> exchanges = functions.stream().filter(ExchangeInvokeGrants::isExchange).toList();
        return exchanges.isEmpty() ? List.of() : new ExchangeInvokeGrants(refs, exchanges).find();
    }

    static boolean isExchange(LambdaFunction f) {
        return WritNames.EXCHANGE_HANDLERS.contains(WritNames.handlerClass(f.handler())) || f.setName(WritNames.EXCHANGE_ACCOUNT).isPresent();
    }

    private List<Grant> find() {
        List<Grant> out = new ArrayList<>();
        for (Resource r : refs.template().resources()) {
            if (DOCUMENT_TYPES.contains(r.type())) {
                document(r, "policy", r.property("PolicyDocument"), out);
            }
            if (POLICIES_TYPES.contains(r.type())) {
                for (Object p : Values.list(r.property("Policies"))) {
                    policiesItem(r, p, out);
                }
            }
            for (Object arn : Values.list(r.property("ManagedPolicyArns"))) {
                broadManaged(r, arn, r.lineOf("ManagedPolicyArns"), out);
            }
            switch (r.type()) {
                case "AWS::Lambda::Permission" -> permission(r, out);
                case "AWS::Serverless::Connector" -> connector(r, r.properties(), r.line(), out);
                case Functions.SAM_FUNCTION -> Values.mapping(r.property("Connectors")).forEach((name, c) ->
                        connector(r, Values.mapping(Values.mapping(c).get("Properties")), Values.line(c, r.lineOf("Connectors")), out));
                default -> {
                }
            }
        }
        return out;
    }

    /** One item of {@code Policies}: a policy document, a SAM policy template, or a managed policy's name or ARN. */
    private void policiesItem(Resource r, Object item, List<Grant> out) {
        Mapping m = Values.mapping(item);
        if (m.containsKey("PolicyDocument")) {
            document(r, "policy " + SamEvents.text(m.get("PolicyName")), m.get("PolicyDocument"), out);
        } else if (m.containsKey("Statement")) {
            document(r, "inline policy", m, out);
        } else if (m.containsKey("LambdaInvokePolicy")) {
            // SAM's template: lambda:InvokeFunction on function:${FunctionName}*, no condition.
            Object name = Values.mapping(m.get("LambdaInvokePolicy")).get("FunctionName");
            add(out, r, "SAM policy template LambdaInvokePolicy (FunctionName " + SamEvents.text(name) + ")",
                    exchangesWhere(e -> functionNameCovers(name, e, "*")), Values.line(item, r.lineOf("Policies")));
        } else if (m.isEmpty()) {
            broadManaged(r, item, r.lineOf("Policies"), out);
        }
    }

    private void document(Resource r, String what, Object document, List<Grant> out) {
        List<Object> statements = Values.list(Values.mapping(document).get("Statement"));
        for (int i = 0; i < statements.size(); i++) {
            Mapping st = Values.mapping(statements.get(i));
            Object sid = st.get("Sid");
            String label = what + ", statement " + (sid instanceof String s ? s : String.valueOf(i + 1)) + " (Resource "
                    + resourceText(st) + ")";
            add(out, r, label, reached(st), Values.line(statements.get(i), r.line()));
        }
    }

    /** The exchanges a statement lets a principal invoke directly. */
    private List<String> reached(Mapping st) {
        if ("Deny".equals(Values.string(st.get("Effect"))) || !allowsInvoke(st) || throughUrlOnly(Values.mapping(st.get("Condition")))) {
            return List.of();
        }
        return exchangesWhere(e -> st.containsKey("NotResource")
                ? Values.list(st.get("NotResource")).stream().noneMatch(v -> resourceCovers(v, e))
                : Values.list(st.get("Resource")).stream().anyMatch(v -> resourceCovers(v, e)));
    }

    /** Whether the statement's actions include {@code lambda:InvokeFunction}; a computed action might. */
    private static boolean allowsInvoke(Mapping st) {
        if (st.containsKey("NotAction")) {
            return Values.list(st.get("NotAction")).stream().noneMatch(a -> a instanceof String s && IamDenies.matches(s, INVOKE));
        }
        return Values.list(st.get("Action")).stream().anyMatch(a -> !(a instanceof String s) || IamDenies.matches(s, INVOKE));
    }

    /** {@code Bool} or {@code StringEquals} {@code lambda:InvokedViaFunctionUrl} literally true (IAM's keys ignore case). */
    private static boolean throughUrlOnly(Mapping condition) {
        for (String operator : List.of("Bool", "StringEquals")) {
            for (var e : Values.mapping(condition.get(operator)).entrySet()) {
                List<Object> values = Values.list(e.getValue());
                if (e.getKey().equalsIgnoreCase(VIA_URL) && !values.isEmpty() && values.stream().allMatch(Values::isTrue)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void permission(Resource r, List<Grant> out) {
        Object action = r.property("Action");
        boolean invokes = !(action instanceof String s) || IamDenies.matches(s, INVOKE);
        if (!invokes || Values.isTrue(r.property("InvokedViaFunctionUrl"))) {
            return;
        }
        Object name = r.property("FunctionName");
        add(out, r, "permission for " + SamEvents.text(r.property("Principal")) + " (FunctionName " + SamEvents.text(name) + ")",
                exchangesWhere(e -> functionNameCovers(name, e, "")), r.line());
    }

    /** A SAM connector whose destination is an exchange and whose permissions include Write (lambda:InvokeFunction). */
    private void connector(Resource r, Mapping properties, int line, List<Grant> out) {
        if (Values.list(properties.get("Permissions")).stream().noneMatch("Write"::equals)) {
            return;
        }
        List<String> reached = new ArrayList<>();
        for (Object d : Values.list(properties.get("Destination"))) {
            Mapping destination = Values.mapping(d);
            Object id = destination.get("Id");
            reached.addAll(exchangesWhere(e -> e.logicalId().equals(id) || destination.containsKey("Arn") && resourceCovers(destination.get("Arn"), e)));
        }
        add(out, r, "connector with Write permission", reached, line);
    }

    private void broadManaged(Resource r, Object policy, int line, List<Grant> out) {
        String text = policy instanceof Fn fn && fn.name().equals(Fn.SUB) ? subText(fn.arg()) : Values.string(policy);
        if (text != null && BROAD_MANAGED_POLICIES.stream().anyMatch(p -> text.equals(p) || text.endsWith("/" + p))) {
            add(out, r, "AWS managed policy " + text, exchangesWhere(e -> true), line);
        }
    }

    /** The logical ids of the exchanges that pass {@code test}. */
    private List<String> exchangesWhere(Predicate<LambdaFunction> test) {
        return exchanges.stream().filter(test).map(LambdaFunction::logicalId).toList();
    }

    private static void add(List<Grant> out, Resource r, String what, List<String> reached, int line) {
        if (!reached.isEmpty()) {
            out.add(new Grant(r.logicalId(), what, reached, line));
        }
    }

    /** A Lambda permission's or SAM template's FunctionName (a name, a partial or full ARN, a reference) followed by {@code suffix}. */
    private boolean functionNameCovers(Object name, LambdaFunction e, String suffix) {
        if (name instanceof String s) {
            String arn = s.startsWith("arn:") ? s : s.contains(":function:") ? "arn:*:lambda:*:" + s : "arn:*:lambda:*:*:function:" + s;
            return resourceCovers(arn + suffix, e);
        }
        return resourceCovers(name, e);
    }

    /**
     * Whether a statement's resource can name the exchange: it refers to it (or its alias or
     * version), or as an ARN pattern it can match one of the exchange's ARNs. A value computed from
     * something the template does not fix (a parameter, an import, a join) might name it.
     */
    private boolean resourceCovers(Object value, LambdaFunction e) {
        if (refs.function(value).filter(e.logicalId()::equals).isPresent()) {
            return true;
        }
        if (value instanceof String s) {
            return exchangeArns(e).stream().anyMatch(arn -> Globs.intersect(s, arn));
        }
        if (value instanceof Fn fn) {
            return switch (fn.name()) {
                case Fn.SUB -> {
                    String text = subText(fn.arg());
                    yield text == null || exchangeArns(e).stream().anyMatch(arn -> Globs.intersect(text, arn));
                }
                case Fn.IF -> Values.list(fn.arg()).stream().skip(1).anyMatch(branch -> resourceCovers(branch, e));
                case Fn.REF -> fn.arg() instanceof String name && refs.template().isParameter(name);
                case Fn.GET_ATT -> false;
                default -> true;
            };
        }
        return false;
    }

    /**
     * A {@code Fn::Sub} string as an ARN pattern: pseudo parameters, parameters and its own variables
     * may be anything ({@code *}); another resource's value names that resource, not an exchange.
     */
    private String subText(Object arg) {
        List<Object> parts = Values.list(arg);
        String text = arg instanceof String s ? s : parts.isEmpty() ? null : Values.string(parts.get(0));
        if (text == null) {
            return null;
        }
        Set<String> local = parts.size() > 1 && parts.get(1) instanceof Mapping vars ? vars.keySet() : Set.of();
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String root = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            boolean open = name.startsWith("AWS::") || local.contains(name) || refs.template().isParameter(root);
            m.appendReplacement(out, Matcher.quoteReplacement(open ? "*" : OTHER_RESOURCE));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The exchange's ARNs as patterns, unqualified and qualified: its deployed name ({@code --stack}),
     * else its literal {@code FunctionName}, else the name CloudFormation generates,
     * {@code <stack>-<logical id>-<suffix>} (any stack); a computed name may be any.
     */
    private List<String> exchangeArns(LambdaFunction e) {
        Object declared = e.resource().property("FunctionName");
        String name = refs.template().physicalIdOf(e.logicalId())
                .or(() -> Optional.ofNullable(Values.string(declared)))
                .orElse(declared == null ? "*-" + e.logicalId() + "-*" : "*");
        String arn = "arn:*:lambda:*:*:function:" + name;
        return List.of(arn, arn + ":*");
    }

    private static String resourceText(Mapping st) {
        String key = st.containsKey("NotResource") ? "NotResource" : "Resource";
        List<Object> values = Values.list(st.get(key));
        return (key.equals("NotResource") ? "not " : "") + (values.isEmpty() ? "(not set)"
                : String.join(", ", values.stream().map(ExchangeInvokeGrants::valueText).toList()));
    }

    private static String valueText(Object v) {
        if (v instanceof Fn fn && fn.name().equals(Fn.GET_ATT)) {
            return "GetAtt " + String.join(".", Values.list(fn.arg()).stream().map(SamEvents::text).toList());
        }
        if (v instanceof Fn fn && fn.name().equals(Fn.SUB)) {
            List<Object> parts = Values.list(fn.arg());
            return "Sub " + (fn.arg() instanceof String s ? s : parts.isEmpty() ? "(computed)" : SamEvents.text(parts.get(0)));
        }
        return SamEvents.text(v);
    }
}
