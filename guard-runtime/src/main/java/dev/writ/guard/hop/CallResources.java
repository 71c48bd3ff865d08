package dev.writ.guard.hop;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                add(out, url != null ? queueArn(url, arns) : arns.named("sqs", string(request, "QueueName")));
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

    /** {@code https://sqs.<region>.amazonaws.com/<account>/<queue>} (or an emulator's) as the queue's ARN. */
    static String queueArn(String url, Arns arns) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] segments = path == null ? new String[0] : path.split("/");
        if (segments.length < 3 || arns.region == null) {
            return null;
        }
        String account = segments[segments.length - 2];
        String queue = segments[segments.length - 1];
        return "arn:" + arns.partition + ":sqs:" + arns.region + ":" + account + ":" + queue;
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
