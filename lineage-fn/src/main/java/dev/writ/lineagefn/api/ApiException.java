package dev.writ.lineagefn.api;

import io.micronaut.http.HttpStatus;

/**
 * A request the API refuses, with the status and the stable code the JSON error body carries.
 * Expected refusals (bad id, range, cursor) are not faults: no stack trace is captured or shown.
 */
public final class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
    }
}
