package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * A handler that takes and returns objects, run on the event bytes as the Lambda Java runtime runs
 * it ({@code EventHandlerLoader.PojoHandlerAsStreamHandler}): the input deserialised with the
 * runtime's serializer for its type, the handler's exceptions passed on unchanged, the result
 * serialised ({@code null} for a void handler); a parse or serialisation failure is the runtime's
 * own {@code RuntimeException} with its message. Serializers are made at init, as the runtime
 * makes them; the Android ones (Gson) only when an Android caller first appears.
 */
final class PojoStreamHandler implements RequestStreamHandler {
    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    private final RequestHandler<Object, Object> handler;
    private final Side input;
    private final Side output;

    /**
     * @param inputType  the event type, or null when the handler takes no event
     * @param outputType the result type; for {@code void} or {@code Void}, {@code null} is written
     */
    PojoStreamHandler(RequestHandler<Object, Object> handler, Type inputType, Type outputType, EventSerializers serializers) {
        this.handler = handler;
        this.input = inputType == null ? null : new Side(inputType, serializers);
        this.output = isVoid(outputType) ? null : new Side(outputType, serializers);
    }

    private static boolean isVoid(Type type) {
        return Void.TYPE.equals(type) || type instanceof Class<?> c && Void.class.isAssignableFrom(c);
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        boolean android = EventSerializers.android(context);
        Object event;
        try {
            event = input == null ? null : input.serializer(android).fromJson(in);
        } catch (Throwable t) {
            throw new RuntimeException("An error occurred during JSON parsing", t);
        }
        Object result = handler.handleRequest(event, context);
        try {
            if (output == null) {
                out.write(JSON_NULL);
            } else {
                output.serializer(android).toJson(result, out);
            }
        } catch (Throwable t) {
            throw new RuntimeException("An error occurred during JSON serialization of response", t);
        }
    }

    /** One type's serializers: the usual one made now, the Android one when first needed. */
    private static final class Side {
        private final Type type;
        private final EventSerializers serializers;
        private final PojoSerializer<Object> usual;
        private volatile PojoSerializer<Object> android;

        Side(Type type, EventSerializers serializers) {
            this.type = type;
            this.serializers = serializers;
            this.usual = serializers.forType(type, false);
        }

        PojoSerializer<Object> serializer(boolean forAndroid) {
            if (!forAndroid) {
                return usual;
            }
            PojoSerializer<Object> s = android;
            if (s == null) {
                s = serializers.forType(type, true);
                android = s;
            }
            return s;
        }
    }
}
