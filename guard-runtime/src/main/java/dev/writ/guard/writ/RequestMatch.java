package dev.writ.guard.writ;

import dev.writ.core.json.JsonException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** Compares a writ's {@code req} binding and bound inputs ({@code in}) with the event. */
final class RequestMatch {

    private RequestMatch() {
    }

    /**
     * Why {@code event} does not match {@code bound}, or empty when it does. Method and path
     * always count; API id, stage and query hash count when the writ binds them. A writ bound to
     * an HTTP request is refused for any other event, and an HTTP event needs a bound writ.
     */
    static Optional<String> mismatch(RequestBinding bound, RequestBinding event) {
        if (bound == null && event == null) {
            return Optional.empty();
        }
        if (bound == null) {
            return Optional.of("the event is an HTTP request but the writ has no request binding");
        }
        if (event == null) {
            return Optional.of("the writ is bound to an HTTP request but the event is not one");
        }
        if (!bound.method().equals(event.method())) {
            return Optional.of("method " + event.method() + " does not match the bound " + bound.method());
        }
        if (!bound.path().equals(event.path())) {
            return Optional.of("path does not match the bound path");
        }
        if (bound.apiId() != null && !Objects.equals(bound.apiId(), event.apiId())) {
            return Optional.of("API id does not match the bound API");
        }
        if (bound.stage() != null && !Objects.equals(bound.stage(), event.stage())) {
            return Optional.of("stage does not match the bound stage");
        }
        if (bound.queryHash() != null && !Objects.equals(bound.queryHash(), event.queryHash())) {
            return Optional.of("query string does not match the bound query hash");
        }
        return Optional.empty();
    }

    /**
     * Why the event's inputs differ from the writ's bound ones, naming the first input the event
     * requires that the writ does not bind, else the first bound input (in key order) that is
     * absent, carries more than one value, or hashes differently; empty when every bound input
     * matches.
     */
    static Optional<String> inputMismatch(BoundInputs bound, RequestInputs event) {
        for (String required : new TreeSet<>(event.required())) {
            if (!bound.digests().containsKey(required)) {
                return Optional.of(BoundInputs.describe(required) + " is not bound by the writ, and this event requires it");
            }
        }
        for (Map.Entry<String, String> input : bound.digests().entrySet()) {
            String name = BoundInputs.describe(input.getKey());
            List<String> values;
            try {
                values = event.values(input.getKey());
            } catch (JsonException noCanonicalForm) {
                // Two different payloads would share its digest (BoundInputs.inexact): no writ binds it.
                return Optional.of(name + " has no canonical JSON that binds it exactly (" + noCanonicalForm.getMessage() + ")");
            }
            if (values.isEmpty()) {
                return Optional.of(name + " is bound by the writ but absent from the event");
            }
            if (values.size() > 1) {
                return Optional.of(name + " carries more than one value");
            }
            byte[] expected = input.getValue().getBytes(StandardCharsets.US_ASCII);
            byte[] actual = BoundInputs.digest(values.get(0)).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, actual)) {
                return Optional.of(name + " does not match the value the writ was issued for");
            }
        }
        return Optional.empty();
    }
}
