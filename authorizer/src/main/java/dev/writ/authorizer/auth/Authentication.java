package dev.writ.authorizer.auth;

import java.util.Optional;

/**
 * The result of checking a bearer token: a caller, or why there is none.
 *
 * @param caller  the caller, when the token verified
 * @param failure why not, otherwise
 * @param detail  for logs only
 */
public record Authentication(Optional<Caller> caller, Failure failure, String detail) {

    /** Why a token was not accepted. */
    public enum Failure {
        /** Verified. */
        NONE,
        /** The token is bad: not a JWT, bad signature, wrong iss/aud/token_use, expired. */
        INVALID,
        /** The IdP's keys could not be fetched, so the token could not be checked. */
        KEYS_UNAVAILABLE
    }

    static Authentication ok(Caller caller) {
        return new Authentication(Optional.of(caller), Failure.NONE, "");
    }

    static Authentication failed(Failure failure, String detail) {
        return new Authentication(Optional.empty(), failure, detail);
    }
}
