package dev.writ.samtemplates;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Does a Lambda {@code Handler} resolve on a function's class path (its code plus its layers'
 * {@code java/lib} jars), the way the Java runtime looks it up? {@code Class} must be a public,
 * instantiable {@code RequestHandler} or {@code RequestStreamHandler}; {@code Class::method} must
 * have a public method of that name. Classes are loaded without initialising them (no static
 * initialiser, no Micronaut context), in a loader whose parent is the platform loader, so nothing
 * on the test's own class path can stand in for a class the jars lack.
 */
final class HandlerCheck {
    private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    private static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";

    private HandlerCheck() {
    }

    /** Empty if {@code handler} resolves on {@code classPath}; else what is wrong. */
    static Optional<String> problem(String handler, List<Path> classPath) {
        int sep = handler.indexOf("::");
        String className = sep < 0 ? handler : handler.substring(0, sep);
        String method = sep < 0 ? null : handler.substring(sep + 2);
        if (className.isEmpty() || (method != null && method.isEmpty())) {
            return Optional.of("handler '" + handler + "' is not Class or Class::method");
        }
        try (URLClassLoader loader = new URLClassLoader(urls(classPath), ClassLoader.getPlatformClassLoader())) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException e) {
                return Optional.of("class " + className + " is not in " + classPath);
            }
            if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                return Optional.of("class " + className + " is not a public concrete class");
            }
            return method == null ? handlerInterface(type, loader) : namedMethod(type, method);
        } catch (LinkageError e) {
            // A signature names a class that is on no jar of the class path: Lambda would fail too.
            return Optional.of(className + " does not link: " + e);
        } catch (IOException e) {
            return Optional.of("cannot read " + classPath + ": " + e.getMessage());
        }
    }

    private static Optional<String> handlerInterface(Class<?> type, ClassLoader loader) {
        List<String> implemented = new ArrayList<>();
        for (String name : List.of(REQUEST_HANDLER, STREAM_HANDLER)) {
            try {
                if (Class.forName(name, false, loader).isAssignableFrom(type)) {
                    implemented.add(name);
                }
            } catch (ClassNotFoundException e) {
                // aws-lambda-java-core missing: reported below as "implements neither".
            }
        }
        if (implemented.isEmpty()) {
            return Optional.of(type.getName() + " implements neither RequestHandler nor RequestStreamHandler"
                    + " (aws-lambda-java-core on the class path?), and the handler names no method");
        }
        return publicNoArgConstructor(type);
    }

    private static Optional<String> namedMethod(Class<?> type, String name) {
        List<Method> methods = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).toList();
        if (methods.isEmpty()) {
            return Optional.of(type.getName() + " has no public method " + name);
        }
        boolean allStatic = methods.stream().allMatch(m -> Modifier.isStatic(m.getModifiers()));
        return allStatic ? Optional.empty() : publicNoArgConstructor(type);
    }

    private static Optional<String> publicNoArgConstructor(Class<?> type) {
        boolean found = Arrays.stream(type.getConstructors()).anyMatch(c -> c.getParameterCount() == 0);
        return found ? Optional.empty()
                : Optional.of(type.getName() + " has no public no-argument constructor (Lambda instantiates it)");
    }

    private static URL[] urls(List<Path> classPath) {
        return classPath.stream().map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(p.toString(), e);
            }
        }).toArray(URL[]::new);
    }
}
