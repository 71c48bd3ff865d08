package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.GsonFactory;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The serializer the Lambda Java runtime uses for a handler's input or output type
 * (aws-lambda-java-runtime-interface-client, {@code EventHandlerLoader.getSerializer}), from the
 * runtime's own aws-lambda-java-serialization, never a copy: the function's
 * {@link CustomPojoSerializer} if its jar provides one; {@link LambdaEventSerializers} for the
 * aws-lambda-java-events types the runtime supports; Gson for other types when the client context
 * says the caller is Android (the mobile SDK's convention); Jackson otherwise.
 */
final class EventSerializers {

    private final ClassLoader loader;
    private final CustomPojoSerializer custom;

    private EventSerializers(ClassLoader loader, CustomPojoSerializer custom) {
        this.loader = loader;
        this.custom = custom;
    }

    /**
     * The serializers of the function whose classes {@code loader} loads.
     *
     * @throws IllegalStateException when aws-lambda-java-serialization is not on the class path
     *                               (every Lambda Java runtime has it), or the function provides
     *                               more than one custom serializer (the runtime refuses that too)
     */
    static EventSerializers of(ClassLoader loader) {
        try {
            LambdaEventSerializers.isLambdaSupportedEvent(Object.class.getName());
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("Writ's entry point deserialises events with the Lambda Java runtime's"
                    + " aws-lambda-java-serialization, which is not on the class path: " + e.getMessage(), e);
        }
        return new EventSerializers(loader, custom(loader));
    }

    private static CustomPojoSerializer custom(ClassLoader loader) {
        Iterator<CustomPojoSerializer> found = ServiceLoader.load(CustomPojoSerializer.class, loader).iterator();
        if (!found.hasNext()) {
            return null;
        }
        CustomPojoSerializer serializer = found.next();
        if (found.hasNext()) {
            throw new IllegalStateException("Too many serializers provided inside the META-INF/services folder,"
                    + " only one is allowed");
        }
        return serializer;
    }

    /** The serializer for {@code type}, for a caller on Android or not. */
    @SuppressWarnings("unchecked")
    PojoSerializer<Object> forType(Type type, boolean android) {
        if (custom != null) {
            return new CustomSerializer(custom, type);
        }
        if (type instanceof Class<?> eventClass && LambdaEventSerializers.isLambdaSupportedEvent(eventClass.getName())) {
            return LambdaEventSerializers.serializerFor((Class<Object>) eventClass, loader);
        }
        return android ? GsonFactory.getInstance().getSerializer(type) : JacksonFactory.getInstance().getSerializer(type);
    }

    /** True when the client context names Android as the caller's platform, as the runtime reads it. */
    static boolean android(Context context) {
        ClientContext client = context == null ? null : context.getClientContext();
        Map<String, String> environment = client == null ? null : client.getEnvironment();
        return environment != null && "Android".equalsIgnoreCase(environment.get("platform"));
    }

    private record CustomSerializer(CustomPojoSerializer serializer, Type type) implements PojoSerializer<Object> {
        @Override
        public Object fromJson(InputStream input) {
            return serializer.fromJson(input, type);
        }

        @Override
        public Object fromJson(String input) {
            return serializer.fromJson(input, type);
        }

        @Override
        public void toJson(Object value, OutputStream output) {
            serializer.toJson(value, output, type);
        }
    }
}
