package dev.writ.guard.entry.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.writ.guard.GuardedRequestHandler;
import dev.writ.guard.writ.Writ;
import java.io.InputStream;
import java.io.OutputStream;

/** Handlers whose own code fails while Lambda loads them, and classes Lambda cannot run. */
public final class Broken {
    private Broken() {
    }

    /** Its static initialiser throws (every test loads it in a fresh class loader: it can fail only once per loader). */
    public static class StaticInit implements RequestHandler<Payment, Receipt> {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("PAYMENTS_TABLE is not set");
            }
        }

        @Override
        public Receipt handleRequest(Payment input, Context context) {
            Received.record(input, context);
            return null;
        }
    }

    /** Its constructor throws. */
    public static class Constructor implements RequestHandler<Payment, Receipt> {
        public Constructor() {
            throw new IllegalStateException("cannot reach the ledger");
        }

        @Override
        public Receipt handleRequest(Payment input, Context context) {
            Received.record(input, context);
            return null;
        }
    }

    /** Neither interface. */
    public static class NotAHandler {
        public void handle() {
            Received.record("NotAHandler", null);
        }
    }

    /** No public no-argument constructor. */
    public static class NoConstructor implements RequestStreamHandler {
        public NoConstructor(String table) {
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) {
            Received.record("NoConstructor", context);
        }
    }

    /** A raw RequestHandler: no type parameters to deserialise into. */
    @SuppressWarnings("rawtypes")
    public static class Raw implements RequestHandler {
        @Override
        public Object handleRequest(Object input, Context context) {
            Received.record(input, context);
            return null;
        }
    }

    /** Abstract: nothing to instantiate. */
    public abstract static class Abstract implements RequestStreamHandler {
    }

    /** Guarded in its own code already. */
    public static class AlreadyGuarded extends GuardedRequestHandler<Payment, Receipt> {
        @Override
        protected Receipt handleVerified(Payment input, Context context, Writ writ) {
            Received.record(input, context);
            return null;
        }
    }
}
