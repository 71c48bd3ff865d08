package dev.writ.lambdaruntime;

import com.sun.net.httpserver.HttpExchange;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda {@code Invoke} API for packaged functions, on loopback: what a packaged caller's SDK
 * Lambda client is pointed at ({@code AWS_ENDPOINT_URL_LAMBDA}). Each request goes to the named
 * function's own runtime emulator; nothing is checked or decided here. It makes up for the three
 * ways cargo-lambda's invoke API differs from Lambda's for a caller that uses the SDK:
 * <ul>
 *   <li>it serves one function per emulator under the name {@code _} (its named routes need a Cargo
 *       binary of that name), so the function is found here by the name or ARN in the path;</li>
 *   <li>it ignores {@code X-Amz-Client-Context} (the SDK's base64 client context, where a hop's child
 *       writ travels) and takes its own {@code Lambda-Runtime-Client-Context} header instead, as JSON
 *       (it base64-encodes it again for the runtime; {@link RuntimeApiRelay} decodes that);</li>
 *   <li>a handler error is its 500 with the error document; Lambda answers 200 with
 *       {@code X-Amz-Function-Error: Unhandled} and the document, which is what the SDK reads;</li>
 *   <li>it runs every invoke synchronously; an {@code X-Amz-Invocation-Type: Event} one is answered
 *       202 at once here and run on another thread without the client context, which Lambda
 *       passes to synchronous invocations only.</li>
 * </ul>
 * The client contexts it forwarded are kept per function, so a test can replay what a caller sent.
 * IAM is not emulated: any request is forwarded (the callee's guard is what decides).
 */
final class LambdaInvokeApi implements AutoCloseable {
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]+)(:.+)?");

    private final LoopbackServer server;
    private final Map<String, PackagedFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, String> lastClientContext = new ConcurrentHashMap<>();
    private final Map<String, String> lastEvent = new ConcurrentHashMap<>();

    LambdaInvokeApi() {
        server = new LoopbackServer("lambda-invoke-api", this::invoke);
    }

    /**
     * Serves {@code function} under {@code name} (its name in a function ARN or a plain name), which
     * is then the name in the ARN it is invoked as, as in Lambda.
     */
    LambdaInvokeApi serve(String name, PackagedFunction function) {
        function.servedAs(name);
        functions.put(name, function);
        return this;
    }

    /** What to put in {@code AWS_ENDPOINT_URL_LAMBDA}. */
    String endpoint() {
        return server.base();
    }

    /** The event (payload) the last invoke of {@code name} carried. */
    Optional<String> lastEvent(String name) {
        return Optional.ofNullable(lastEvent.get(name));
    }

    /** The JSON client context the last invoke of {@code name} carried, if it carried one. */
    Optional<String> lastClientContext(String name) {
        return Optional.ofNullable(lastClientContext.get(name));
    }

    private void invoke(HttpExchange http) throws IOException {
        try (http) {
            Matcher path = INVOKE.matcher(http.getRequestURI().getRawPath());
            String name = path.matches() ? functionName(URLDecoder.decode(path.group(1), StandardCharsets.UTF_8)) : null;
            PackagedFunction function = name == null ? null : functions.get(name);
            if (!"POST".equals(http.getRequestMethod()) || function == null) {
                notFound(http, http.getRequestURI().getRawPath());
                return;
            }
            String event = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lastEvent.put(name, event);
            if ("Event".equals(http.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))) {
                lastClientContext.remove(name);
                Thread async = new Thread(() -> function.invoke(event, Map.of()), "lambda-invoke-event");
                async.setDaemon(true);
                async.start();
                http.sendResponseHeaders(202, -1);
                return;
            }
            String encoded = http.getRequestHeaders().getFirst("X-Amz-Client-Context");
            Map<String, String> headers = Map.of();
            if (encoded != null) {
                String json = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                lastClientContext.put(name, json);
                headers = Map.of("Lambda-Runtime-Client-Context", json);
            }
            PackagedFunction.Invocation result = function.invoke(event, headers);
            boolean handlerError = result.status() == 500 && isErrorDocument(result.body());
            byte[] body = result.body().getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", "application/json");
            if (handlerError) {
                http.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
            http.sendResponseHeaders(handlerError ? 200 : result.status(), body.length == 0 ? -1 : body.length);
            write(http, body);
        }
    }

    /** The function's name from the name, partial or full ARN in the path (a qualifier dropped). */
    static String functionName(String nameOrArn) {
        Matcher arn = FUNCTION_ARN.matcher(nameOrArn);
        return arn.matches() ? arn.group(1) : nameOrArn;
    }

    private static boolean isErrorDocument(String body) {
        try {
            return Json.parseObject(body).containsKey("errorType");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** Lambda's answer to an unknown function: 404 {@code ResourceNotFoundException}. */
    private static void notFound(HttpExchange http, String path) throws IOException {
        byte[] bytes = Json.writeBytes(Map.of("Type", "User", "Message", "Function not found: " + path));
        http.getResponseHeaders().add("Content-Type", "application/json");
        http.getResponseHeaders().add("X-Amzn-ErrorType", "ResourceNotFoundException");
        http.sendResponseHeaders(404, bytes.length);
        write(http, bytes);
    }

    private static void write(HttpExchange http, byte[] body) throws IOException {
        if (body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
