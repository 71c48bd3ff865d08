package dev.writ.authorizer.exchange;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS identity that called the writ exchange, as the IAM-authenticated entry reports it (a
 * function URL's {@code requestContext.authorizer.iam.userArn}). A Lambda function calls with its
 * execution role's session, named after the function:
 * {@code arn:aws:sts::123456789012:assumed-role/<role>/<function-name>}.
 *
 * @param partition the caller's partition ({@code aws}, {@code aws-cn}, ...)
 * @param account the caller's account id
 * @param role    the assumed role's name
 * @param session the session name: the function's name for a Lambda function
 */
record CallerIdentity(String partition, String account, String role, String session) {

    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");

    /** The identity in an assumed-role session ARN; empty for anything else (an IAM user, a root, garbage). */
    static Optional<CallerIdentity> parse(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Matcher m = ASSUMED_ROLE.matcher(arn);
        return m.matches() ? Optional.of(new CallerIdentity(m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
    }
}
