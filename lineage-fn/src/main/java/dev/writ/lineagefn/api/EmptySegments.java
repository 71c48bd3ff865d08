package dev.writ.lineagefn.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;

/**
 * Refuses a path with an empty segment ({@code //api/trust}, {@code /api/chains//records}) before
 * routing: it names no resource, and read leniently it would be another path (a route without
 * the empty segment, or, parsed as a URI reference, a host named {@code api}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class EmptySegments {

    @RequestFilter
    @Nullable
    HttpResponse<ErrorBody> refuse(HttpRequest<?> request) {
        // The proxy handlers build the URI from the event's path: one that begins "//" comes back
        // as an authority and the rest, with no "//" left in getPath().
        URI uri = request.getUri();
        boolean leadingEmpty = uri.getScheme() == null && uri.getRawAuthority() != null;
        if (!leadingEmpty && !request.getPath().contains("//")) {
            return null;
        }
        return HttpResponse.badRequest(new ErrorBody("BAD_PATH", "the path has an empty segment (two slashes in a row)"));
    }
}
