package dev.writ.guard.entry;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.UserFault;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.UUID;

/**
 * The Lambda Java runtime's own code, aws-lambda-java-runtime-interface-client (the version
 * lambda-runtime-tests runs the packaged functions with), as the reference the entry point is held
 * to: {@code AWSLambda.findRequestHandler} loads a handler exactly as at a function's init, and the
 * handler it returns runs an invocation exactly as the runtime loop does (the runtime's
 * {@code LambdaContext} built from the invocation, the event deserialised, the result serialised).
 */
final class LambdaRuntime {
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:payments-create";

    private LambdaRuntime() {
    }

    /**
     * Loads {@code handler} as the runtime does at init, through {@code loader} (the runtime's
     * customer class loader).
     *
     * @throws UserFault what the runtime reports as the function's init error
     */
    static LambdaRequestHandler load(String handler, ClassLoader loader) {
        setCustomerClassLoader(loader);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // AWSLambda makes the customer class loader the context class loader before it loads the handler.
        thread.setContextClassLoader(loader);
        try {
            Method find = AWSLambda.class.getDeclaredMethod("findRequestHandler", String.class, ClassLoader.class);
            find.setAccessible(true);
            return (LambdaRequestHandler) find.invoke(null, handler, loader);
        } catch (InvocationTargetException e) {
            throw Rethrow.unchanged(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the runtime interface client changed: " + e, e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** Loads {@code handler} through the test class path. */
    static LambdaRequestHandler load(String handler) {
        return load(handler, LambdaRuntime.class.getClassLoader());
    }

    /**
     * One invocation as the runtime loop makes it: {@code event} as the payload, {@code clientContext}
     * (JSON, may be null) as the client context header, a fresh request id.
     *
     * @return the bytes the runtime would post as the response
     * @throws Exception what the runtime would report as the invocation's error
     */
    static byte[] invoke(LambdaRequestHandler handler, byte[] event, String clientContext) throws Exception {
        InvocationRequest request = new InvocationRequest();
        request.setId(UUID.randomUUID().toString());
        request.setInvokedFunctionArn(FUNCTION_ARN);
        request.setDeadlineTimeInMs(System.currentTimeMillis() + 30_000);
        request.setClientContext(clientContext);
        request.setContent(event);
        return handler.call(request).toByteArray();
    }

    /**
     * Outside Lambda the runtime has no customer class loader; it hands that loader to
     * LambdaEventSerializers (which loads nested event classes with it) and to the ServiceLoader
     * of custom serializers, so the reference needs one, as at init.
     */
    private static void setCustomerClassLoader(ClassLoader loader) {
        try {
            Field field = AWSLambda.class.getDeclaredField("customerClassLoader");
            field.setAccessible(true);
            field.set(null, loader instanceof URLClassLoader url ? url : new URLClassLoader(new URL[0], loader));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the runtime interface client changed: " + e, e);
        }
    }
}
