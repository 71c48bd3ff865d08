package dev.writ.core.jose;

/** A token that is not a strict compact JWS: the message says what is wrong, without echoing the token. */
public final class MalformedJwsException extends RuntimeException {
    public MalformedJwsException(String message) {
        super(message);
    }
}
