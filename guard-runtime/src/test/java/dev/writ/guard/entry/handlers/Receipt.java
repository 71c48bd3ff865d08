package dev.writ.guard.entry.handlers;

/**
 * A custom result class. Its {@code schema} field has no getter: Gson (the runtime's serializer for
 * Android callers) writes it, Jackson does not.
 */
public class Receipt {
    private final String schema = "receipt-1";
    private final String paymentId;
    private final String by;

    public Receipt(String paymentId, String by) {
        this.paymentId = paymentId;
        this.by = by;
    }

    public String getPaymentId() {
        return paymentId;
    }

    public String getBy() {
        return by;
    }
}
