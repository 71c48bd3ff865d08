package dev.writ.lineagefn.api;

import dev.writ.guard.lineage.LineageUnavailableException;
import dev.writ.lineagefn.query.InvalidPositionException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps everything that can go wrong in a request to {@link ErrorBody}: our refusals keep their
 * code, an unreadable table is 503, anything unexpected is a bare 500 (logged here, never sent),
 * and Micronaut's own errors (unknown route, wrong method) get the same shape.
 */
final class ErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {
    }

    @Singleton
    @Produces
    static final class Refusals implements ExceptionHandler<ApiException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ApiException e) {
            return HttpResponse.<ErrorBody>status(e.status()).body(new ErrorBody(e.code(), e.getMessage()));
        }
    }

    @Singleton
    @Produces
    static final class BadPosition implements ExceptionHandler<InvalidPositionException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, InvalidPositionException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(new ErrorBody("BAD_CURSOR", "cursor does not point into this query's results"));
        }
    }

    @Singleton
    @Produces
    static final class Unavailable implements ExceptionHandler<LineageUnavailableException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, LineageUnavailableException e) {
            LOG.warn("lineage table unavailable: {}", e.getMessage());
            return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new ErrorBody("LINEAGE_UNAVAILABLE", "the lineage table cannot be read now; retry later"));
        }
    }

    @Singleton
    @Produces
    static final class Unexpected implements ExceptionHandler<RuntimeException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, RuntimeException e) {
            LOG.error("unexpected error on {} {}", request.getMethodName(), request.getPath(), e);
            return HttpResponse.<ErrorBody>status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(new ErrorBody("INTERNAL_ERROR", "unexpected error; see the function's log"));
        }
    }

    /** Micronaut's own errors (no route, method not allowed, unreadable body) in our shape. */
    @Singleton
    @Replaces(JsonErrorResponseBodyProvider.class)
    static final class FrameworkErrors implements JsonErrorResponseBodyProvider<ErrorBody> {
        @Override
        public ErrorBody body(ErrorContext context, HttpResponse<?> response) {
            HttpStatus status = response.getStatus();
            String code = status.name().toUpperCase(Locale.ROOT);
            // 4xx messages describe the request; 5xx messages could describe our internals.
            String message = status.getCode() < 500 && context.hasErrors()
                    ? context.getErrors().get(0).getMessage() : status.getReason();
            return new ErrorBody(code, message);
        }
    }
}
