package dev.writ.guard.hop;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda function as {@code Invoke} names it in {@code FunctionName} (API reference, Invoke): a
 * name, a partial ARN ({@code <account>:function:<name>}) or an ARN, each optionally with
 * {@code :<qualifier>} (a version, an alias or {@code $LATEST}). The guard names a call's function
 * by it and the writ exchange reads a hop's target by it, so both read a name as Lambda does.
 *
 * @param partition the ARN's partition, or null
 * @param region    the ARN's region, or null
 * @param account   the ARN's or partial ARN's account, or null
 * @param name      the function's name
 * @param qualifier the version or alias, or null
 */
public record LambdaFunctionName(String partition, String region, String account, String name, String qualifier) {

    /** Groups: partition, region, account (ARN), account (partial ARN), name, qualifier. */
    private static final Pattern FORMS = Pattern.compile(
            "(?:arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\\d{12}):function:|(\\d{12}):function:)?"
                    + "([A-Za-z0-9_.-]{1,140})(?::(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");

    public LambdaFunctionName {
        Objects.requireNonNull(name, "name");
    }

    /** {@code functionName} read as Lambda reads it; empty when it is none of the forms Lambda takes. */
    public static Optional<LambdaFunctionName> parse(String functionName) {
        if (functionName == null) {
            return Optional.empty();
        }
        Matcher m = FORMS.matcher(functionName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String account = m.group(3) != null ? m.group(3) : m.group(4);
        return Optional.of(new LambdaFunctionName(m.group(1), m.group(2), account, m.group(5), m.group(6)));
    }

    /**
     * This function with {@code Invoke}'s separate {@code Qualifier} parameter applied (null or
     * empty: none); empty when the name already has another qualifier, a call Lambda refuses
     * ({@code InvalidParameterValueException}).
     */
    public Optional<LambdaFunctionName> withQualifier(String parameter) {
        if (parameter == null || parameter.isEmpty() || parameter.equals(qualifier)) {
            return Optional.of(this);
        }
        if (qualifier != null) {
            return Optional.empty();
        }
        return Optional.of(new LambdaFunctionName(partition, region, account, name, parameter));
    }

    /** This function without its version or alias: what a writ's {@code aud} names, whichever runs. */
    public LambdaFunctionName unqualified() {
        return qualifier == null ? this : new LambdaFunctionName(partition, region, account, name, null);
    }

    /**
     * The ARN Lambda resolves this to, qualifier included: a name or partial ARN in the caller's
     * {@code region} (and, for a name, {@code account}) of {@code defaultPartition}; null when one
     * of those it needs is null.
     */
    public String arn(String defaultPartition, String defaultRegion, String defaultAccount) {
        String p = partition != null ? partition : defaultPartition;
        String r = region != null ? region : defaultRegion;
        String a = account != null ? account : defaultAccount;
        if (p == null || r == null || a == null) {
            return null;
        }
        return "arn:" + p + ":lambda:" + r + ":" + a + ":function:" + name + (qualifier == null ? "" : ":" + qualifier);
    }
}
