package dev.writ.guard;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/** Real API Gateway, SQS and SNS event JSON (from the AWS documentation), edited per test. */
public final class Events {

    private Events() {
    }

    /** The JSON of {@code events/<name>.json}, with {@code edit} applied to its parsed form. */
    public static String json(String name, Consumer<Map<String, Object>> edit) {
        Map<String, Object> event = Json.parseObject(resource(name));
        edit.accept(event);
        return Json.write(event);
    }

    /** The event as the Lambda runtime would hand it to a {@code RequestHandler<type, ?>}. */
    public static <T> T typed(Class<T> type, String json) {
        return LambdaEventSerializers.serializerFor(type, Events.class.getClassLoader()).fromJson(json);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static String resource(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
