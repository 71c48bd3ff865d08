package dev.writ.cli.dev;

import dev.writ.guard.hop.LambdaFunctionName;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The function a Lambda {@code Invoke} names, read as Lambda reads its {@code FunctionName} and
 * {@code Qualifier} (API reference, Invoke), for the embedded stack: one account, one region, no
 * published versions or aliases. A name, a partial ARN ({@code <account>:function:<name>}) or an
 * ARN, each optionally with {@code :<qualifier>}, or the qualifier as its own parameter. Only
 * {@code $LATEST} resolves: any other qualifier names a version or alias the stack does not have.
 * Every refusal is Lambda's for the same input: a malformed name or qualifier 400
 * {@code ValidationException}, two different qualifiers 400 {@code InvalidParameterValueException},
 * anything the stack does not have (another account, region or partition, an unknown name or
 * qualifier, a form Lambda's pattern admits that names no function here) 404
 * {@code ResourceNotFoundException}.
 */
sealed interface InvokeTarget {

    /** Lambda's pattern and length for {@code FunctionName} in Invoke. */
    String NAME_PATTERN = "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
            + "([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
    int NAME_MAX = 170;
    /** Lambda's pattern and length for {@code Qualifier}. */
    String QUALIFIER_PATTERN = "(|[a-zA-Z0-9$_-]+)";
    int QUALIFIER_MAX = 128;
    String LATEST = "$LATEST";

    /** A function of the stack, to run. */
    record Function(String name) implements InvokeTarget {
    }

    /** Lambda's refusal: HTTP status, {@code X-Amzn-ErrorType}, message. */
    record Refused(int status, String type, String message) implements InvokeTarget {
    }

    /**
     * Resolves {@code functionName} and the {@code qualifier} parameter (null when absent) in
     * {@code region} of {@code account}, where {@code exists} tells the stack's function names.
     */
    static InvokeTarget resolve(String functionName, String qualifier, String region, String account,
                                Predicate<String> exists) {
        if (functionName.length() > NAME_MAX) {
            return invalid(functionName, "functionName", "Member must have length less than or equal to " + NAME_MAX);
        }
        if (!functionName.matches(NAME_PATTERN)) {
            return invalid(functionName, "functionName", "Member must satisfy regular expression pattern: " + NAME_PATTERN);
        }
        if (qualifier != null && qualifier.isEmpty()) {
            return invalid(qualifier, "qualifier", "Member must have length greater than or equal to 1");
        }
        if (qualifier != null && qualifier.length() > QUALIFIER_MAX) {
            return invalid(qualifier, "qualifier", "Member must have length less than or equal to " + QUALIFIER_MAX);
        }
        if (qualifier != null && !qualifier.matches(QUALIFIER_PATTERN)) {
            return invalid(qualifier, "qualifier", "Member must satisfy regular expression pattern: " + QUALIFIER_PATTERN);
        }
        Optional<LambdaFunctionName> read = LambdaFunctionName.parse(functionName);
        if (read.isEmpty()) {
            return notFound(functionName);
        }
        Optional<LambdaFunctionName> qualified = read.get().withQualifier(qualifier);
        if (qualified.isEmpty()) {
            return new Refused(400, "InvalidParameterValueException",
                    "The derived qualifier from the function name does not match the specified qualifier.");
        }
        LambdaFunctionName target = qualified.get();
        if (target.region() != null && !target.region().equals(region)) {
            return new Refused(404, "ResourceNotFoundException",
                    "Functions from '" + target.region() + "' are not reachable in this region ('" + region + "')");
        }
        String name = target.name();
        boolean here = (target.partition() == null || target.partition().equals("aws"))
                && (target.account() == null || target.account().equals(account));
        if (!here || !exists.test(name) || (target.qualifier() != null && !target.qualifier().equals(LATEST))) {
            return notFound(here ? target.arn("aws", region, account) : functionName);
        }
        return new Function(name);
    }

    private static Refused invalid(String value, String member, String constraint) {
        return new Refused(400, "ValidationException", "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    private static Refused notFound(String function) {
        return new Refused(404, "ResourceNotFoundException", "Function not found: " + function);
    }
}
