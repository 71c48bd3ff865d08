package dev.writ.guard.entry.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Ordinary handlers that know nothing of Writ, one per shape the Lambda Java runtime accepts. Each
 * records what it was handed ({@link Received}) first, then answers from the event.
 */
public final class Handlers {
    private Handlers() {
    }

    /** A typed API Gateway REST handler. */
    public static class Api implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        @Override
        public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
            Received.record(event, context);
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "text/plain"))
                    .withBody(event.getHttpMethod() + " " + event.getPath() + " " + event.getQueryStringParameters());
        }
    }

    /** A typed HTTP API (payload 2.0) handler: not one of the runtime's event types, so plain Jackson. */
    public static class HttpApi implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            Received.record(event, context);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(event.getRawPath()).build();
        }
    }

    /** A typed SQS consumer that returns nothing. */
    public static class Sqs implements RequestHandler<SQSEvent, Void> {
        @Override
        public Void handleRequest(SQSEvent event, Context context) {
            Received.record(event, context);
            return null;
        }
    }

    /** Custom classes in and out. */
    public static class Pay implements RequestHandler<Payment, Receipt> {
        @Override
        public Receipt handleRequest(Payment payment, Context context) {
            Received.record(payment, context);
            return new Receipt(payment.getPaymentId(), context.getInvokedFunctionArn());
        }
    }

    /** The event type bound by a subclass of a generic base. */
    public abstract static class Base<T> implements RequestHandler<T, String> {
        @Override
        public String handleRequest(T event, Context context) {
            Received.record(event, context);
            return event.getClass().getSimpleName();
        }
    }

    /** {@code Base<SQSEvent>}: the runtime resolves {@code T} to {@code SQSEvent}. */
    public static class InheritedSqs extends Base<SQSEvent> {
    }

    /** Bytes in, bytes out. */
    public static class Stream implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            byte[] bytes = input.readAllBytes();
            Received.record(new String(bytes, StandardCharsets.UTF_8), context);
            output.write(("{\"length\":" + bytes.length + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code Class::method} handlers, every parameter list the runtime accepts and two it skips. */
    public static class Methods {
        public Receipt pay(Payment payment) {
            Received.record("pay(Payment) " + payment, null);
            return new Receipt(payment.getPaymentId(), "one-argument overload");
        }

        /** Preferred by the runtime over {@code pay(Payment)}: a trailing Context counts double. */
        public Receipt pay(Payment payment, Context context) {
            Received.record(payment, context);
            return new Receipt(payment.getPaymentId(), "context overload");
        }

        public static int count(SQSEvent event) {
            Received.record(event, null);
            return event.getRecords().size();
        }

        public void copy(InputStream in, OutputStream out, Context context) throws IOException {
            byte[] bytes = in.readAllBytes();
            Received.record(new String(bytes, StandardCharsets.UTF_8), context);
            out.write(bytes);
        }

        public void consume(InputStream in) throws IOException {
            Received.record(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        }

        public String whoAmI(Context context) {
            Received.record("whoAmI", context);
            return context.getInvokedFunctionArn();
        }

        public void ping() {
            Received.record("ping", null);
        }

        /** Context first: the runtime skips this signature. */
        public void backwards(Context context, Payment payment) {
            Received.record(payment, context);
        }

        public Receipt refuse(Payment payment) throws IOException {
            Received.record(payment, null);
            throw new IOException("ledger offline for " + payment.getPaymentId());
        }

        public Receipt crash(Payment payment) {
            Received.record(payment, null);
            throw new IllegalStateException("cannot pay " + payment.getPaymentId());
        }
    }
}
