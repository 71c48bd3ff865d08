package dev.writ.core.keys;

/** An allow-listed key could not be fetched (KMS unreachable, access denied, unusable key). */
public final class KeyUnavailableException extends RuntimeException {
    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
