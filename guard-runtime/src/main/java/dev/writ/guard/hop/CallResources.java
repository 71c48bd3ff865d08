package dev.writ.guard.hop;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The resources an SDK call acts on, as the ARNs IAM would check, read from the request's members
 * by their API names (no service model is needed on the class path): DynamoDB tables, SQS queues
 * (a queue URL names the account and the queue), SNS topics, EventBridge buses (per event),
 * Step Functions state machines and executions, Lambda functions (with the qualifier), S3 buckets
 * and objects, KMS keys and aliases. Names without an account take the call's region and the
 * execution's account. A call of another service, or whose resource cannot be told, names
 * {@code *}.
 */
final class CallResources {

    /** The resource of a call that names none, or whose resource cannot be told. */
    static final String ANY = "*";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d");
    /** A region as a label of a host name: {@code sqs.eu-west-1.amazonaws.com}, {@code eu-west-1.queue.amazonaws.com}. */
    private static final Pattern HOST_REGION = Pattern.compile("(?:^|\\.)(" + REGION.pattern() + ")\\.");

    private CallResources() {
    }

    /**
     * The ARNs {@code request} acts on.
     *
     * @param service   the IAM service prefix ({@code sqs})
     * @param region    the client's region, or null
     * @param partition the execution's partition, or null ({@code aws})
     * @param account   the execution's account, or null
     */
    static List<String> of(SdkPojo request, String service, String region, String partition, String account) {
        Arns arns = Arns.of(partition, region, account);
        List<String> out = new ArrayList<>();
        switch (service) {
            case "dynamodb" -> tables(request, arns, out);
            case "sqs" -> {
                String url = string(request, "QueueUrl");
                if (url != null) {
                    queueArns(url, arns).forEach(arn -> add(out, arn));
                } else {
                    add(out, arns.named("sqs", string(request, "QueueName")));
                }
            }
            case "sns" -> {
                String topic = first(string(request, "TopicArn"), string(request, "TargetArn"));
                add(out, topic != null ? topic : arns.named("sns", string(request, "Name")));
            }
            case "events" -> buses(request, arns, out);
            // Step Functions' model names its members in camelCase, unlike the other services here.
            case "states" -> add(out, first(string(request, "stateMachineArn"), string(request, "executionArn"),
                    string(request, "activityArn")));
            case "lambda" -> add(out, functionArn(string(request, "FunctionName"), string(request, "Qualifier"), arns));
            case "s3" -> add(out, objectArn(string(request, "Bucket"), string(request, "Key"), arns.partition));
            case "kms" -> add(out, keyArn(string(request, "KeyId"), arns));
            default -> {
            }
        }
        return out.isEmpty() ? List.of(ANY) : out;
    }

    private static void tables(SdkPojo request, Arns arns, List<String> out) {
        add(out, arns.path("dynamodb", "table/", string(request, "TableName")));
        Object batch = value(request, "RequestItems");
        if (batch instanceof Map<?, ?> items) {
            items.keySet().forEach(table -> add(out, arns.path("dynamodb", "table/", String.valueOf(table))));
        }
        if (value(request, "TransactItems") instanceof List<?> transact) {
            for (Object item : transact) {
                for (String kind : List.of("Get", "Put", "Update", "Delete", "ConditionCheck")) {
                    if (value(item, kind) instanceof SdkPojo operation) {
                        add(out, arns.path("dynamodb", "table/", string(operation, "TableName")));
                    }
                }
            }
        }
    }

    private static void buses(SdkPojo request, Arns arns, List<String> out) {
        if (value(request, "Entries") instanceof List<?> entries) {
            for (Object entry : entries) {
                // An entry without a bus goes to the account's default bus.
                String bus = first(string(entry, "EventBusName"), "default");
                add(out, arns.path("events", "event-bus/", bus));
            }
            return;
        }
        add(out, arns.path("events", "event-bus/", first(string(request, "EventBusName"), string(request, "Name"))));
    }

    /**
     * The ARNs of the queue a URL names: its account and name from the path's last two segments;
     * its region the client's, and also the one the URL names when that differs (an AWS host,
     * {@code sqs.<region>.…} or {@code <region>.queue.…}, or LocalStack's {@code /queue/<region>/…}
     * path): the SDK sends the call to the client's region, LocalStack delivers it to the URL's,
     * so a scope must allow both. Empty when the URL or the client's region cannot be read.
     */
    static List<String> queueArns(String url, Arns arns) {
        String path;
        String host;
        try {
            URI uri = URI.create(url);
            path = uri.getPath();
            host = uri.getHost();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        String[] segments = path == null ? new String[0] : path.split("/");
        if (segments.length < 3 || arns.region == null) {
            return List.of();
        }
        String prefix = "arn:" + arns.partition + ":sqs:";
        String suffix = ":" + segments[segments.length - 2] + ":" + segments[segments.length - 1];
        String named = urlRegion(host, segments);
        return named == null || named.equals(arns.region) ? List.of(prefix + arns.region + suffix)
                : List.of(prefix + arns.region + suffix, prefix + named + suffix);
    }

    /** The region a queue URL names in its host or LocalStack's path ({@code /queue/<region>/<account>/<queue>}), or null. */
    private static String urlRegion(String host, String[] segments) {
        int n = segments.length;
        if (n >= 5 && segments[n - 4].equals("queue") && REGION.matcher(segments[n - 3]).matches()) {
            return segments[n - 3];
        }
        Matcher inHost = HOST_REGION.matcher(host == null ? "" : host);
        return inHost.find() ? inHost.group(1) : null;
    }

    /**
     * The ARN Lambda resolves a function name, partial ARN or ARN and the {@code Qualifier}
     * parameter to (a qualifier once, from either); null when it is none of Lambda's forms or
     * names two different qualifiers (Lambda refuses the call; the interceptor refuses it first).
     */
    static String functionArn(String function, String qualifier, Arns arns) {
        return LambdaFunctionName.parse(function).flatMap(f -> f.withQualifier(qualifier))
                .map(f -> f.arn(arns.partition, arns.region, arns.account)).orElse(null);
    }

    private static String objectArn(String bucket, String key, String partition) {
        if (bucket == null) {
            return null;
        }
        return bucket.startsWith("arn:") ? bucket : "arn:" + partition + ":s3:::" + bucket + (key == null ? "" : "/" + key);
    }

    private static String keyArn(String key, Arns arns) {
        if (key == null || key.startsWith("arn:")) {
            return key;
        }
        return arns.path("kms", key.startsWith("alias/") ? "" : "key/", key);
    }

    /** ARNs of the call's region and the execution's account; null when either is unknown. */
    record Arns(String partition, String region, String account) {
        /** The ARNs of {@code region} and {@code account}, in {@code partition} ({@code aws} when null). */
        static Arns of(String partition, String region, String account) {
            return new Arns(partition == null ? "aws" : partition, region, account);
        }

        /** {@code arn:<partition>:<service>:<region>:<account>:<prefix><name>}, or {@code name} when it is an ARN. */
        String path(String service, String prefix, String name) {
            if (name == null || name.startsWith("arn:")) {
                return name;
            }
            if (region == null || account == null) {
                return null;
            }
            return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + prefix + name;
        }

        String named(String service, String name) {
            return path(service, "", name);
        }
    }

    private static void add(List<String> out, String arn) {
        if (arn != null && !out.contains(arn)) {
            out.add(arn);
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String string(Object pojo, String member) {
        return value(pojo, member) instanceof String s && !s.isEmpty() ? s : null;
    }

    /** The value of the member named {@code member} (its API name), or null. */
    private static Object value(Object pojo, String member) {
        if (!(pojo instanceof SdkPojo p)) {
            return null;
        }
        for (SdkField<?> field : p.sdkFields()) {
            if (field.memberName().equals(member)) {
                return field.getValueOrDefault(pojo);
            }
        }
        return null;
    }
}
