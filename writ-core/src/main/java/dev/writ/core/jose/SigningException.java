package dev.writ.core.jose;

/** A signer could not produce a signature. The message names the cause, never key material. */
public final class SigningException extends RuntimeException {
    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }

    public SigningException(String message) {
        super(message);
    }
}
