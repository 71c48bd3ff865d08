package dev.writ.testsupport;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Event JSON as Lambda delivers it: the shapes from the AWS documentation in this module's
 * {@code /events/} (API Gateway REST proxy, HTTP API payload 2.0, the auditor API's proxy event),
 * and a module's own scenario events in its test resources under the same folder.
 */
public final class Events {

    private Events() {
    }

    /** The text of {@code /events/<file>} on the class path; fails naming the file when there is none. */
    public static String text(String file) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource events/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as the Lambda runtime hands it to a {@code RequestHandler<type, ?>}. */
    public static <T> T typed(Class<T> type, String json) {
        return LambdaEventSerializers.serializerFor(type, Events.class.getClassLoader()).fromJson(json);
    }

    /** {@code parent.get(key)}, a JSON object, for editing an event in place. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
