package dev.writ.examples.payments;

import dev.writ.core.json.Json;
import dev.writ.guard.writ.Writ;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The "business logic" both handlers share: accept a payment on behalf of the writ's subject. It
 * runs only after the guard verified the writ, so the principal and execution id come from signed
 * claims, never from the request.
 */
final class Payments {
    static final int ACCEPTED = 201;
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private Payments() {
    }

    /**
     * Accepts the payment: sends its event to {@code payments-notify} (when a queue is configured),
     * then answers. A send that fails throws, so no payment is answered as accepted without its event.
     */
    static String accept(Writ writ, String amountHeader, PaymentEvents events) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("paymentId", writ.id());
        event.put("principal", writ.subject());
        if (amountHeader != null) {
            event.put("amount", amountHeader);
        }
        Optional<String> sent = events.accepted(event);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("principal", writ.subject());
        body.put("execId", writ.id());
        writ.transaction().ifPresent(txn -> body.put("txn", txn));
        if (amountHeader != null) {
            body.put("amount", amountHeader);
        }
        sent.ifPresent(messageId -> body.put("event", messageId));
        return Json.write(body);
    }
}
