package dev.writ.authorizer.exchange;

import dev.writ.guard.hop.LambdaFunctionName;
import dev.writ.policy.bundle.Hop;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hop's target as an SDK call names it, read into the name a bundle's hop gives it and the
 * partition, region and account the call names (null where the call leaves them out, which are
 * then the caller's): a function in any form Lambda's {@code FunctionName} takes (name, partial ARN
 * or ARN, a version or alias qualifier dropped: {@link LambdaFunctionName}), a queue URL (https, or
 * http as emulators give them; the region from an AWS host or LocalStack's {@code /queue/<region>/}
 * path) or ARN, a topic ARN, an event bus name
 * or ARN, a state machine ARN (a version or alias qualifier dropped). The writ exchange gives only
 * targets of its own partition, account and region a child ({@link #isIn}) and binds the child to
 * the target's {@link #arn}.
 *
 * @param kind      the hop's kind
 * @param name      the name the bundle's hop key uses
 * @param partition the partition the target names, or null
 * @param region    the region the target names, or null
 * @param account   the account the target names, or null
 */
record HopTarget(Hop.Kind kind, String name, String partition, String region, String account) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    private static final String REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
    // http as well as https: AWS's queue URLs are https, an emulator's (moto, LocalStack, ElasticMQ)
    // http. Only an AWS-style host (sqs.<region>..., <region>.queue..., as LocalStack's standard and
    // domain strategies give them too) or LocalStack's path strategy (/queue/<region>/...) names a region.
    private static final Pattern QUEUE_URL = Pattern.compile("https?://([A-Za-z0-9.-]+)(?::\\d+)?(?:/queue/(" + REGION
            + "))?/(\\d{12})/([A-Za-z0-9_-]{1,80}(?:\\.fifo)?)");
    private static final Pattern HOST_REGION = Pattern.compile("(?:^|\\.)(" + REGION + ")\\.");
    private static final Pattern QUEUE_ARN = arn("sqs", "([A-Za-z0-9_-]{1,80}(?:\\.fifo)?)");
    private static final Pattern TOPIC_ARN = arn("sns", "([A-Za-z0-9_-]{1,256}(?:\\.fifo)?)");
    private static final Pattern BUS_ARN = arn("events", "event-bus/([A-Za-z0-9./_-]{1,256})");
    // StartExecution also takes a version's or an alias's ARN (stateMachine:<name>:<version|alias>);
    // the child names the state machine, as a function's names it unqualified.
    private static final Pattern STATE_MACHINE_ARN = arn("states", "stateMachine:([A-Za-z0-9_-]{1,80})(?::[A-Za-z0-9_-]{1,80})?");

    /** Groups: partition, region, account, name. */
    private static Pattern arn(String service, String resource) {
        return Pattern.compile("arn:(aws[a-z-]*):" + service + ":([a-z0-9-]+):(\\d{12}):" + resource);
    }

    /** {@code target} read as a target of {@code kind}; empty when it is none. */
    static Optional<HopTarget> parse(Hop.Kind kind, String target) {
        if (target == null) {
            return Optional.empty();
        }
        switch (kind) {
            case LAMBDA_INVOKE:
                return LambdaFunctionName.parse(target)
                        .map(f -> new HopTarget(kind, f.name(), f.partition(), f.region(), f.account()));
            case SQS_SEND_MESSAGE:
                return queueUrl(target).or(() -> fromArn(kind, QUEUE_ARN, target));
            case SNS_PUBLISH:
                return fromArn(kind, TOPIC_ARN, target);
            case EVENTS_PUT_EVENTS:
                // A bus named by name is the caller's own.
                return NAME.matcher(target).matches() ? Optional.of(new HopTarget(kind, target, null, null, null))
                        : fromArn(kind, BUS_ARN, target);
            case STATES_START_EXECUTION:
                return fromArn(kind, STATE_MACHINE_ARN, target);
            default:
                return Optional.empty();
        }
    }

    /** Whether every part the target names is the given one: a target of that partition, region and account. */
    boolean isIn(String partition, String region, String account) {
        return (this.partition == null || this.partition.equals(partition))
                && (this.region == null || this.region.equals(region))
                && (this.account == null || this.account.equals(account));
    }

    /**
     * The target's ARN, what it leaves out taken from {@code partition}, {@code region} and
     * {@code account}: for a function its unqualified ARN, as Lambda resolves it; for a queue the ARN
     * Lambda's SQS poller reports as the record's {@code eventSourceARN}.
     */
    String arn(String partition, String region, String account) {
        String prefix = "arn:" + Objects.requireNonNullElse(this.partition, partition) + ":" + service() + ":"
                + Objects.requireNonNullElse(this.region, region) + ":" + Objects.requireNonNullElse(this.account, account) + ":";
        return prefix + switch (kind) {
            case LAMBDA_INVOKE -> "function:" + name;
            case EVENTS_PUT_EVENTS -> "event-bus/" + name;
            case STATES_START_EXECUTION -> "stateMachine:" + name;
            default -> name;
        };
    }

    private String service() {
        return switch (kind) {
            case LAMBDA_INVOKE -> "lambda";
            case SQS_SEND_MESSAGE -> "sqs";
            case SNS_PUBLISH -> "sns";
            case EVENTS_PUT_EVENTS -> "events";
            case STATES_START_EXECUTION -> "states";
        };
    }

    private static Optional<HopTarget> queueUrl(String target) {
        Matcher m = QUEUE_URL.matcher(target);
        if (!m.matches()) {
            return Optional.empty();
        }
        Matcher inHost = HOST_REGION.matcher(m.group(1));
        String hostRegion = inHost.find() ? inHost.group(1) : null;
        String pathRegion = m.group(2);
        if (hostRegion != null && pathRegion != null && !hostRegion.equals(pathRegion)) {
            return Optional.empty(); // two regions: which queue it names depends on who serves it
        }
        return Optional.of(new HopTarget(Hop.Kind.SQS_SEND_MESSAGE, m.group(4), null,
                pathRegion != null ? pathRegion : hostRegion, m.group(3)));
    }

    private static Optional<HopTarget> fromArn(Hop.Kind kind, Pattern pattern, String target) {
        Matcher m = pattern.matcher(target);
        return m.matches() ? Optional.of(new HopTarget(kind, m.group(4), m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}
