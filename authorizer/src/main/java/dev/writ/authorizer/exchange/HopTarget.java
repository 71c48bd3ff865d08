package dev.writ.authorizer.exchange;

import dev.writ.guard.hop.LambdaFunctionName;
import dev.writ.policy.bundle.Hop;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a bundle's hop gives a target, from the target as an SDK call names it: a function
 * in any form Lambda's {@code FunctionName} takes (name, partial ARN or ARN, a version or alias
 * qualifier dropped: {@link LambdaFunctionName}), a queue URL (https, or http as emulators
 * give them) or ARN, a topic ARN, an event bus
 * name or ARN, a state machine ARN. A function is also read as the unqualified ARN Lambda resolves
 * it to ({@link #functionArn}): a {@code lambda:Invoke} child names its callee by that ARN, which
 * only that function's guard accepts, whichever version or alias of it runs. The account and region
 * of the other kinds' ARNs are not compared: their child's audience is the bundle's consuming function.
 */
final class HopTarget {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    // http as well as https: AWS's queue URLs are https, an emulator's (moto, LocalStack, ElasticMQ)
    // http, and neither the scheme nor the host says which queue is meant: the name does.
    private static final Pattern QUEUE_URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d+)?/\\d{12}/([A-Za-z0-9_-]{1,80}(\\.fifo)?)");
    private static final Pattern QUEUE_ARN = Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:([A-Za-z0-9_-]{1,80}(\\.fifo)?)");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:([A-Za-z0-9_-]{1,256}(\\.fifo)?)");
    private static final Pattern BUS_ARN = Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/([A-Za-z0-9./_-]{1,256})");
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:([A-Za-z0-9_-]{1,80})");

    private HopTarget() {
    }

    /** The target's name for a hop of this kind; empty when it is no target of that kind. */
    static Optional<String> name(Hop.Kind kind, String target) {
        if (target == null) {
            return Optional.empty();
        }
        switch (kind) {
            case LAMBDA_INVOKE:
                return LambdaFunctionName.parse(target).map(LambdaFunctionName::name);
            case SQS_SEND_MESSAGE:
                return group(QUEUE_URL, target, 2).or(() -> nameOr(target, QUEUE_ARN, 1));
            case SNS_PUBLISH:
                return group(TOPIC_ARN, target, 1);
            case EVENTS_PUT_EVENTS:
                return nameOr(target, BUS_ARN, 1);
            case STATES_START_EXECUTION:
                return group(STATE_MACHINE_ARN, target, 1);
            default:
                return Optional.empty();
        }
    }

    /**
     * The unqualified ARN of the function {@code target} names (any form {@link #name} reads for a
     * {@code lambda:Invoke}), what it leaves out taken from {@code partition}, {@code region} and
     * {@code account}; empty when it names no function.
     */
    static Optional<String> functionArn(String target, String partition, String region, String account) {
        return LambdaFunctionName.parse(target).map(f -> f.unqualified().arn(partition, region, account));
    }

    private static Optional<String> nameOr(String target, Pattern arn, int group) {
        return NAME.matcher(target).matches() ? Optional.of(target) : group(arn, target, group);
    }

    private static Optional<String> group(Pattern pattern, String target, int group) {
        Matcher m = pattern.matcher(target);
        return m.matches() ? Optional.of(m.group(group)) : Optional.empty();
    }
}
