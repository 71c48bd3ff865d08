package dev.writ.guard.entry;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The type arguments a handler class gives a generic interface ({@code RequestHandler<I, O>}),
 * found as the Lambda Java runtime finds them (aws-lambda-java-runtime-interface-client,
 * {@code EventHandlerLoader.findInterfaceParameters}): breadth first over interfaces, then the
 * superclass, resolving type variables through the subclasses that bind them. The same search
 * gives the same types, so the event is deserialised into the type the runtime would choose.
 */
final class TypeArguments {

    private TypeArguments() {
    }

    /** The actual type arguments of the first {@code iface} found above {@code type}, or null. */
    static Type[] of(Class<?> type, Class<?> iface) {
        Deque<Level> queue = new ArrayDeque<>();
        queue.addFirst(new Level(type, null));
        while (!queue.isEmpty()) {
            Level current = queue.removeLast();
            for (Type candidate : current.type.getGenericInterfaces()) {
                if (candidate instanceof ParameterizedType parameterized) {
                    if (!(parameterized.getRawType() instanceof Class<?> raw)) {
                        continue;
                    }
                    Level level = Level.of(parameterized, current);
                    if (iface.isAssignableFrom(raw)) {
                        return level.arguments;
                    }
                    queue.addFirst(level);
                } else if (candidate instanceof Class<?> plain) {
                    queue.addFirst(Level.of(plain, current));
                }
            }
            Type superclass = current.type.getGenericSuperclass();
            if (superclass instanceof ParameterizedType parameterized) {
                queue.addFirst(Level.of(parameterized, current));
            } else if (superclass instanceof Class<?> plain) {
                queue.addFirst(Level.of(plain, current));
            }
        }
        return null;
    }

    /** A class in the hierarchy and the types its type parameters stand for there (null: unknown). */
    private record Level(Class<?> type, Type[] arguments) {

        static Level of(Class<?> type, Level from) {
            TypeVariable<?>[] parameters = type.getTypeParameters();
            if (parameters.length == 0 || from.arguments == null) {
                return new Level(type, null);
            }
            Type[] arguments = new Type[parameters.length];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = from.resolve(parameters[i]);
            }
            return new Level(type, arguments);
        }

        static Level of(ParameterizedType type, Level from) {
            Type[] arguments = type.getActualTypeArguments();
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] instanceof TypeVariable<?> variable) {
                    arguments[i] = from.resolve(variable);
                }
            }
            return new Level((Class<?>) type.getRawType(), arguments);
        }

        /** What {@code variable} stands for at this level, matched by name as the runtime matches it. */
        Type resolve(TypeVariable<?> variable) {
            TypeVariable<?>[] parameters = type.getTypeParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (variable.getName().equals(parameters[i].getName())) {
                    return arguments == null ? parameters[i] : arguments[i];
                }
            }
            return variable;
        }
    }
}
