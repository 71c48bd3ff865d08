package dev.writ.guard.entry.handlers;

import java.util.Objects;

/** A custom event class, a plain bean as Lambda's Jackson rules expect one. */
public class Payment {
    private String paymentId;
    private long amount;
    private String currency;

    public String getPaymentId() {
        return paymentId;
    }

    public void setPaymentId(String paymentId) {
        this.paymentId = paymentId;
    }

    public long getAmount() {
        return amount;
    }

    public void setAmount(long amount) {
        this.amount = amount;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payment p && amount == p.amount && Objects.equals(paymentId, p.paymentId)
                && Objects.equals(currency, p.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(paymentId, amount, currency);
    }

    @Override
    public String toString() {
        return "Payment[" + paymentId + ", " + amount + " " + currency + "]";
    }
}
