package dev.writ.lineagefn.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The lineage explorer (issue 6), a plain HTML page beside the JSON API that calls it with
 * relative URLs, so it works at the root of {@code writ dev} and under an API Gateway stage path.
 * A strict CSP (scripts and styles from this origin only) backs the page's own rule of never
 * putting lineage values into markup.
 */
@Controller("/explorer")
class ExplorerController {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private final String page = resource("index.html");
    private final String script = resource("app.js");
    private final String style = resource("style.css");
    private final String icon = resource("favicon.svg");

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<String> page() {
        return secured(HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8"));
    }

    @Get(value = "/app.js", produces = "text/javascript")
    HttpResponse<String> script() {
        return secured(HttpResponse.ok(script).contentType("text/javascript;charset=utf-8"));
    }

    @Get(value = "/style.css", produces = "text/css")
    HttpResponse<String> style() {
        return secured(HttpResponse.ok(style).contentType("text/css;charset=utf-8"));
    }

    // Browsers ask for an icon; without one of our own they fetch /favicon.ico, which is not ours to answer.
    @Get(value = "/favicon.svg", produces = "image/svg+xml")
    HttpResponse<String> icon() {
        return secured(HttpResponse.ok(icon).contentType("image/svg+xml"));
    }

    private static HttpResponse<String> secured(MutableHttpResponse<String> r) {
        return r.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static String resource(String name) {
        try (InputStream in = ExplorerController.class.getResourceAsStream("/explorer/" + name)) {
            if (in == null) {
                throw new IllegalStateException("explorer resource missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
