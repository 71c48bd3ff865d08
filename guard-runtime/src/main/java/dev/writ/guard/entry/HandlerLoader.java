package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.GuardedStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Loads a function's own handler ({@code Class} or {@code Class::method}) as the Lambda Java
 * runtime loads the handler it is given, and reduces it, as the runtime does, to a stream handler
 * over the event bytes. The reference is aws-lambda-java-runtime-interface-client's
 * {@code AWSLambda.findRequestHandler} and {@code EventHandlerLoader}: the class is loaded and
 * initialised now (at init), a stream handler is preferred over a request handler, the event type
 * is the one the class gives {@code RequestHandler}, overloads of a method are tried longest
 * signature first, and the instance is made once with the public no-argument constructor.
 *
 * <p>What the runtime would report at the first invocation (no such class or method, a signature
 * it does not accept, no usable constructor) is an {@link UnresolvableHandlerException} here, so
 * the entry point fails its init instead. What the function's own code throws while it is loaded
 * (its static initialiser, its constructor) is thrown on as the runtime reports it.
 */
final class HandlerLoader {
    /** Non-bridge methods first, then the longest signature, a trailing {@code Context} counting double. */
    private static final Comparator<Method> PRIORITY = Comparator.comparing(Method::isBridge)
            .thenComparing(HandlerLoader::weight, Comparator.reverseOrder());

    private final ClassLoader loader;
    private EventSerializers serializers;

    private HandlerLoader(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The handler {@code name} names, loaded through {@code loader}.
     *
     * @throws UnresolvableHandlerException when Lambda could not run it
     */
    static RequestStreamHandler load(String name, ClassLoader loader) throws UnresolvableHandlerException {
        int separator = name.lastIndexOf("::");
        String className = separator < 0 ? name : name.substring(0, separator);
        String methodName = separator < 0 ? null : name.substring(separator + 2);
        if (className.isEmpty() || methodName != null && methodName.isEmpty()) {
            throw new UnresolvableHandlerException("not Class or Class::method");
        }
        if (className.equals(GuardedHandler.class.getName())) {
            throw new UnresolvableHandlerException("Writ's entry point itself, not the function's own handler");
        }
        HandlerLoader handlers = new HandlerLoader(loader);
        Class<?> type = handlers.loadClass(className);
        if (GuardedRequestHandler.class.isAssignableFrom(type) || GuardedStreamHandler.class.isAssignableFrom(type)) {
            throw new UnresolvableHandlerException("class " + className + " is guarded in its own code (a "
                    + (GuardedRequestHandler.class.isAssignableFrom(type) ? "GuardedRequestHandler" : "GuardedStreamHandler")
                    + "): make it the function's handler, or every single-use writ would be checked twice and refused");
        }
        return methodName == null ? handlers.forClass(type) : handlers.forMethod(type, methodName);
    }

    private Class<?> loadClass(String className) throws UnresolvableHandlerException {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new UnresolvableHandlerException("class " + className + " is not on the function's class path");
        } catch (Error e) {
            throw Rethrow.unchanged(asTheRuntimeReports(e, className));
        }
    }

    /**
     * A handler class whose loading failed (its static initialiser threw, a class it needs is
     * missing, its bytecode is too new): the runtime reports the error's type with the message
     * {@code Error loading class C[: message]}. The same type with that message, the original
     * attached as suppressed, so the init error reads the same with Writ as without.
     */
    private static Throwable asTheRuntimeReports(Error e, String className) {
        String message = "Error loading class " + className + (e.getMessage() == null ? "" : ": " + e.getMessage());
        try {
            Error same = e.getClass().getConstructor(String.class).newInstance(message);
            same.addSuppressed(e);
            return same;
        } catch (ReflectiveOperationException | RuntimeException noMessageConstructor) {
            return e;
        }
    }

    @SuppressWarnings("unchecked")
    private RequestStreamHandler forClass(Class<?> type) throws UnresolvableHandlerException {
        if (RequestStreamHandler.class.isAssignableFrom(type)) {
            return (RequestStreamHandler) instantiate(type);
        }
        if (!RequestHandler.class.isAssignableFrom(type)) {
            throw new UnresolvableHandlerException("class " + type.getName()
                    + " implements neither RequestHandler nor RequestStreamHandler, and no method is named");
        }
        Type[] types = TypeArguments.of(type, RequestHandler.class);
        if (types == null) {
            throw new UnresolvableHandlerException("class " + type.getName()
                    + " does not implement RequestHandler with concrete type parameters");
        }
        if (types.length != 2) {
            throw new UnresolvableHandlerException("class " + type.getName()
                    + " implements RequestHandler through a type with " + types.length + " type parameters, not its two");
        }
        for (Type t : types) {
            if (t instanceof TypeVariable<?> variable && Arrays.stream(variable.getBounds()).allMatch(Object.class::equals)) {
                throw new UnresolvableHandlerException("class " + type.getName()
                        + " does not implement RequestHandler with concrete type parameters: parameter " + t
                        + " has no upper bound");
            }
        }
        return new PojoStreamHandler((RequestHandler<Object, Object>) instantiate(type), types[0], types[1], serializers());
    }

    private RequestStreamHandler forMethod(Class<?> type, String name) throws UnresolvableHandlerException {
        List<Method> named = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).sorted(PRIORITY).toList();
        if (named.isEmpty()) {
            throw new UnresolvableHandlerException("class " + type.getName() + " has no public method " + name);
        }
        for (Method method : named) {
            RequestStreamHandler handler = overload(type, method);
            if (handler != null) {
                return handler;
            }
        }
        throw new UnresolvableHandlerException("class " + type.getName() + " has no public method " + name
                + " with a signature Lambda accepts: (event[, Context]), (InputStream[, OutputStream][, Context]),"
                + " (OutputStream[, Context]), (Context) or ()");
    }

    /** The handler one overload makes, or null when the runtime would skip its signature. */
    private RequestStreamHandler overload(Class<?> type, Method method) throws UnresolvableHandlerException {
        Type result = method.getGenericReturnType();
        Type[] p = method.getGenericParameterTypes();
        switch (p.length) {
            case 0:
                return pojo(type, method, null, result, false);
            case 1:
                if (InputStream.class.equals(p[0])) {
                    return stream(type, method, true, false, false);
                }
                if (OutputStream.class.equals(p[0])) {
                    return stream(type, method, false, true, false);
                }
                return Context.class.equals(p[0]) ? pojo(type, method, null, result, true)
                        : pojo(type, method, p[0], result, false);
            case 2:
                if (OutputStream.class.equals(p[0])) {
                    return Context.class.equals(p[1]) ? stream(type, method, false, true, true) : null;
                }
                if (Context.class.equals(p[0])) {
                    return null;
                }
                if (InputStream.class.equals(p[0])) {
                    if (OutputStream.class.equals(p[1])) {
                        return stream(type, method, true, true, false);
                    }
                    return Context.class.equals(p[1]) ? stream(type, method, true, false, true) : null;
                }
                return Context.class.equals(p[1]) ? pojo(type, method, p[0], result, true) : null;
            case 3:
                boolean streams = InputStream.class.equals(p[0]) && OutputStream.class.equals(p[1]) && Context.class.equals(p[2]);
                return streams ? stream(type, method, true, true, true) : null;
            default:
                return null;
        }
    }

    private RequestStreamHandler pojo(Class<?> type, Method method, Type event, Type result, boolean takesContext)
            throws UnresolvableHandlerException {
        MethodHandler handler = new MethodHandler(method, instanceFor(type, method));
        return new PojoStreamHandler(handler.pojo(event != null, takesContext), event, result, serializers());
    }

    private RequestStreamHandler stream(Class<?> type, Method method, boolean in, boolean out, boolean takesContext)
            throws UnresolvableHandlerException {
        return new MethodHandler(method, instanceFor(type, method)).stream(in, out, takesContext);
    }

    private Object instanceFor(Class<?> type, Method method) throws UnresolvableHandlerException {
        return Modifier.isStatic(method.getModifiers()) ? null : instantiate(type);
    }

    private static Object instantiate(Class<?> type) throws UnresolvableHandlerException {
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new UnresolvableHandlerException("class " + type.getName()
                    + (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())
                    ? " is a non-static inner class, which cannot be instantiated"
                    : " has no public zero-argument constructor"));
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            // The function's own constructor failed: its exception, as the runtime reports it.
            throw Rethrow.unchanged(e.getCause() == null ? e : e.getCause());
        } catch (InstantiationException e) {
            throw new UnresolvableHandlerException("class " + type.getName() + " is abstract");
        } catch (IllegalAccessException e) {
            throw new UnresolvableHandlerException("class " + type.getName() + " is not public");
        }
    }

    private EventSerializers serializers() {
        if (serializers == null) {
            serializers = EventSerializers.of(loader);
        }
        return serializers;
    }

    private static int weight(Method method) {
        Class<?>[] p = method.getParameterTypes();
        return p.length + (p.length > 0 && Context.class.equals(p[p.length - 1]) ? 1 : 0);
    }
}
