package dev.writ.guard.writ;

import dev.writ.guard.hop.LambdaFunctionName;
import java.util.List;

/**
 * The function a writ is verified for, as a writ's {@code aud} may name it: by name (the writs the
 * authorizer mints, whose {@code aud} is the bundle's function) or by its unqualified function ARN
 * (the children the writ exchange mints for a Lambda invoke, bound to one account and region). An
 * ARN member matches only this function's ARN, never its name: a same-named function in another
 * account or region is another function.
 *
 * @param name the function's name, as the bundle names it; null when unknown
 * @param arn  {@code arn:<partition>:lambda:<region>:<account>:function:<name>}, no qualifier; null when unknown
 */
public record FunctionIdentity(String name, String arn) {

    /** A function known by name only: an ARN in {@code aud} never matches it. */
    public static FunctionIdentity named(String name) {
        return new FunctionIdentity(name, null);
    }

    /**
     * The function {@code name} invoked as {@code invokedArn} (Lambda's
     * {@code Context.getInvokedFunctionArn()}: with the version or alias it was invoked by, which
     * is dropped); known by name only when {@code invokedArn} is null or no function ARN.
     */
    public static FunctionIdentity of(String name, String invokedArn) {
        String arn = LambdaFunctionName.parse(invokedArn)
                .filter(f -> f.partition() != null)
                .map(f -> f.unqualified().arn(null, null, null))
                .orElse(null);
        return new FunctionIdentity(name, arn);
    }

    /** Whether {@code audience} names this function: a member equal to its ARN, or a member that is no ARN equal to its name. */
    public boolean isIn(List<String> audience) {
        for (String member : audience) {
            if (member.startsWith("arn:") ? member.equals(arn) : member.equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return arn == null ? String.valueOf(name) : name + " (" + arn + ")";
    }
}
