package dev.writ.guard.writ;

/** The claims or structure of a writ are not what the format requires; the message names the claim. */
public final class MalformedWritException extends RuntimeException {
    public MalformedWritException(String message) {
        super(message);
    }
}
