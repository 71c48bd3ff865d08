package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A {@code Class::method} handler, called as the Lambda Java runtime calls it
 * ({@code EventHandlerLoader.PojoMethodRequestHandler} and {@code StreamMethodRequestHandler}):
 * with the arguments its signature asks for, in their order; the method's own exception thrown on
 * unchanged.
 *
 * @param method   the public method
 * @param instance the object to call it on, null for a static method
 */
record MethodHandler(Method method, Object instance) {
    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    /** A method taking an event object and/or the context, in that order. */
    RequestHandler<Object, Object> pojo(boolean takesEvent, boolean takesContext) {
        return (event, context) -> {
            Object[] args = new Object[(takesEvent ? 1 : 0) + (takesContext ? 1 : 0)];
            int i = 0;
            if (takesEvent) {
                args[i++] = event;
            }
            if (takesContext) {
                args[i] = context;
            }
            return call(args);
        };
    }

    /**
     * A method taking the input stream, the output stream and/or the context, in that order. An
     * input stream it does not take is closed; without an output stream, {@code null} is written.
     */
    RequestStreamHandler stream(boolean takesInput, boolean takesOutput, boolean takesContext) {
        return (InputStream in, OutputStream out, Context context) -> {
            Object[] args = new Object[(takesInput ? 1 : 0) + (takesOutput ? 1 : 0) + (takesContext ? 1 : 0)];
            int i = 0;
            if (takesInput) {
                args[i++] = in;
            } else {
                in.close();
            }
            if (takesOutput) {
                args[i++] = out;
            }
            if (takesContext) {
                args[i] = context;
            }
            call(args);
            if (!takesOutput) {
                out.write(JSON_NULL);
            }
        };
    }

    private Object call(Object[] args) {
        try {
            return method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            throw Rethrow.unchanged(e.getCause() == null ? e : e.getCause());
        } catch (IllegalAccessException e) {
            throw Rethrow.unchanged(e);
        }
    }
}
