package dev.writ.core.json;


/** Input was not the strict JSON Writ expects; the message says why without echoing the input. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
