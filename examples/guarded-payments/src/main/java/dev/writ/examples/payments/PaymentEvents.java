package dev.writ.examples.payments;

import java.util.Map;
import java.util.Optional;

/**
 * Where {@code payments-write} tells {@code payments-notify} about an accepted payment: one message
 * on the {@code payment-events} queue ({@code PAYMENT_EVENTS_QUEUE_URL}, which the template sets).
 * The handler's code sends a plain SQS message; the guard's interceptor gets the child writ for it
 * from the writ exchange and attaches it, or the send fails.
 */
interface PaymentEvents {
    String QUEUE_URL = "PAYMENT_EVENTS_QUEUE_URL";

    /**
     * Sends the event of an accepted payment.
     *
     * @return the message id, or empty when no queue is configured
     * @throws RuntimeException when the event was not sent (the payment is then not answered as accepted)
     */
    Optional<String> accepted(Map<String, Object> event);

    /** Sends nothing: no queue configured (the handlers run alone, as in tests). */
    static PaymentEvents none() {
        return event -> Optional.empty();
    }

    /** The queue named in {@code PAYMENT_EVENTS_QUEUE_URL}, or {@link #none()} when it is unset. */
    static PaymentEvents fromEnvironment() {
        String url = System.getenv(QUEUE_URL);
        return url == null || url.isBlank() ? none() : new SqsPaymentEvents(url);
    }
}
