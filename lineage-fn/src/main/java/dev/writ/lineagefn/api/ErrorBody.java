package dev.writ.lineagefn.api;

import io.micronaut.serde.annotation.Serdeable;

/** The one error shape of the API: {@code {"error": CODE, "message": "..."}}. Never a stack trace. */
@Serdeable
public record ErrorBody(String error, String message) {
}
