package dev.writ.cli.dev;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.writ.cli.TerminalText;
import dev.writ.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda and SQS for the sample handlers, in this process: real SDK v2 clients (so the guard's
 * {@code WritHopInterceptor} governs their calls exactly as in AWS) whose HTTP client hands each
 * request to the embedded functions instead of the network. A Lambda {@code Invoke} names its
 * function as Lambda reads it ({@link InvokeTarget}: name, partial or full ARN, {@code $LATEST});
 * one the stack does not have, or a malformed name, is refused at once with Lambda's error,
 * whatever the invocation type. A synchronous one runs the target's guard with the
 * request's client context; an asynchronous one ({@code Event}) is answered 202 at once and runs
 * the target afterwards, one at a time on a thread of its own, without the client context, which Lambda passes to synchronous invocations only (the guard's interceptor has
 * put the child writ in the payload's envelope instead); an SQS {@code SendMessage} is delivered at
 * once as a one-record SQS event to the queue's consumer, as an event source mapping would (the
 * embedded stack has no queue: nothing is kept, a failed record is not retried).
 */
final class LocalAws implements AutoCloseable {
    private static final String REGION = EmbeddedExchange.REGION;

    /** Runs a function as Lambda's Invoke would. */
    interface Functions {
        /** Whether the embedded stack has a function of this name. */
        boolean has(String function);

        /** The invocation's result: the function's output, or its error (a guard's denial) as Lambda reports it. */
        Invoked invoke(String function, byte[] payload, String clientContext);

        /** Delivers one message of {@code queue} (its name) to the queue's consumer. */
        void deliver(String queue, SQSEvent.SQSMessage message);
    }

    /** What an Invoke returns: the payload and, for an error, Lambda's {@code X-Amz-Function-Error}. */
    record Invoked(byte[] payload, String functionError) {
    }

    private final LambdaClient lambda;
    private final SqsClient sqs;
    private final ExecutorService queued = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "writ-dev-event-invoke");
        thread.setDaemon(true);
        return thread;
    });

    LocalAws(Functions functions) {
        SdkHttpClient http = new InProcessHttp(functions, queued);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        URI endpoint = URI.create("http://aws.writ.local");
        this.lambda = LambdaClient.builder().httpClient(http).region(Region.of(REGION)).credentialsProvider(credentials)
                .endpointOverride(endpoint).build();
        // The consumer, not SQS, answers: there is no MD5 of what SQS stored to compare.
        this.sqs = SqsClient.builder().httpClient(http).region(Region.of(REGION)).credentialsProvider(credentials)
                .endpointOverride(endpoint).checksumValidationEnabled(false).build();
    }

    LambdaClient lambda() {
        return lambda;
    }

    SqsClient sqs() {
        return sqs;
    }

    /** The URL of the embedded stack's queue {@code name}. */
    static String queueUrl(String name) {
        return "https://sqs." + REGION + ".amazonaws.com/" + EmbeddedExchange.ACCOUNT + "/" + name;
    }

    @Override
    public void close() {
        lambda.close();
        sqs.close();
        queued.shutdownNow();
    }

    /** Lambda's {@code POST /2015-03-31/functions/<name>/invocations} and SQS's JSON {@code SendMessage}. */
    private record InProcessHttp(Functions functions, ExecutorService queued) implements SdkHttpClient {
        private static final String INVOCATIONS = "/2015-03-31/functions/";

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    byte[] body = request.contentStreamProvider().isPresent()
                            ? read(request.contentStreamProvider().get().newStream()) : new byte[0];
                    String path = request.httpRequest().encodedPath();
                    if (path.startsWith(INVOCATIONS) && path.endsWith("/invocations")) {
                        String named = URLDecoder.decode(path.substring(INVOCATIONS.length(),
                                path.length() - "/invocations".length()), StandardCharsets.UTF_8);
                        String qualifier = request.httpRequest().rawQueryParameters().getOrDefault("Qualifier", List.of())
                                .stream().findFirst().orElse(null);
                        InvokeTarget target = InvokeTarget.resolve(named, qualifier, REGION, EmbeddedExchange.ACCOUNT, functions::has);
                        if (target instanceof InvokeTarget.Refused refused) {
                            return response(refused.status(), Json.writeBytes(Map.of("Type", "User", "message", refused.message())),
                                    Map.of("X-Amzn-ErrorType", refused.type()));
                        }
                        String function = ((InvokeTarget.Function) target).name();
                        if (request.httpRequest().firstMatchingHeader("X-Amz-Invocation-Type").filter("Event"::equals).isPresent()) {
                            queued.execute(() -> invokeQueued(function, body));
                            return response(202, new byte[0], Map.of());
                        }
                        String context = request.httpRequest().firstMatchingHeader("X-Amz-Client-Context").orElse(null);
                        Invoked out = functions.invoke(function, body, context);
                        return response(200, out.payload(), out.functionError() == null ? Map.of()
                                : Map.of("X-Amz-Function-Error", out.functionError()));
                    }
                    if (request.httpRequest().firstMatchingHeader("X-Amz-Target").filter("AmazonSQS.SendMessage"::equals).isPresent()) {
                        return response(200, send(Json.parseObject(body)), Map.of());
                    }
                    return response(400, Json.writeBytes(Map.of("__type", "UnknownOperationException",
                            "message", "the embedded stack serves Lambda Invoke and SQS SendMessage only")), Map.of());
                }

                @Override
                public void abort() {
                    // Nothing to abort: the call runs on the caller's thread.
                }
            };
        }

        /** Runs a queued invoke; its answer goes nowhere, as Lambda's does, and a failure is told on stderr. */
        private void invokeQueued(String function, byte[] payload) {
            try {
                functions.invoke(function, payload, null);
            } catch (RuntimeException e) {
                System.err.println(TerminalText.escaped("writ dev: the asynchronous invoke of " + function + " failed: " + e.getMessage()));
            }
        }

        private byte[] send(Map<String, Object> request) {
            String url = String.valueOf(request.get("QueueUrl"));
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setBody(String.valueOf(request.get("MessageBody")));
            String queue = url.substring(url.lastIndexOf('/') + 1);
            message.setEventSourceArn("arn:aws:sqs:" + REGION + ":" + EmbeddedExchange.ACCOUNT + ":" + queue);
            message.setEventSource("aws:sqs");
            Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
            if (request.get("MessageAttributes") instanceof Map<?, ?> given) {
                given.forEach((name, value) -> {
                    SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                    Map<?, ?> v = (Map<?, ?>) value;
                    a.setDataType(String.valueOf(v.get("DataType")));
                    a.setStringValue(v.get("StringValue") == null ? null : String.valueOf(v.get("StringValue")));
                    attributes.put(String.valueOf(name), a);
                });
            }
            message.setMessageAttributes(attributes);
            functions.deliver(queue, message);
            return Json.writeBytes(Map.of("MessageId", message.getMessageId()));
        }

        private static byte[] read(InputStream in) throws IOException {
            try (in) {
                return in.readAllBytes();
            }
        }

        private static HttpExecuteResponse response(int status, byte[] body, Map<String, String> headers) {
            SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
                    .putHeader("Content-Type", "application/json");
            headers.forEach(response::putHeader);
            return HttpExecuteResponse.builder().response(response.build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }
}
