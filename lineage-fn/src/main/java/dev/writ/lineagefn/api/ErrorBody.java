package dev.writ.lineagefn.api;

import dev.writ.core.internal.VisibleText;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The one error shape of the API: {@code {"error": CODE, "message": "..."}}. Never a stack trace.
 * A message may echo what the caller sent (an unknown chain, a malformed number), so its control
 * and invisible format characters (a right-to-left override among them) are written as
 * {@code \}{@code uXXXX} escapes ({@link VisibleText}): JSON would carry them as they are, and the
 * explorer or a terminal would act on them.
 */
@Serdeable
public record ErrorBody(String error, String message) {

    public ErrorBody {
        message = message == null ? null : VisibleText.escaped(message);
    }
}
