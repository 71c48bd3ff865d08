package dev.writ.core.internal;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The URL-connection client, handed each request without its {@code Content-Length} header, so the
 * JDK sends a body it buffers instead of one it streams.
 *
 * <p>Why: with that header the URL-connection client streams the body in fixed-length mode, and the
 * JDK makes every streaming {@code POST} on a pooled connection wait first for a read that times out
 * after 1 ms, to see whether the server closed it ({@code sun.net.www.http.HttpClient.available}):
 * about 1.2 ms of waiting per request, on a connection that is usually fine. Buffered, the headers
 * and body go out in one write, with the {@code Content-Length} the JDK sets itself from the body:
 * the value the SDK signed, so the SigV4 signature (which covers it and the body's SHA-256) still
 * holds. Only for small bodies (JSON requests): the JDK holds the whole body in memory.
 *
 * <p>The price: on a buffered {@code POST} the JDK resends the request once when the connection
 * fails before any response arrives (not on a timeout), where the probe would have opened a new
 * connection first only for a connection already closed. Use it only for calls whose resend is
 * harmless or recognised: reads, and conditional writes that recognise their own earlier attempt
 * (the lineage appender, the replay store).
 */
public final class BufferedBodyHttpClient implements SdkHttpClient {
    private final SdkHttpClient urlConnection;

    /** Wraps {@code urlConnection}, a {@code UrlConnectionHttpClient}. */
    public BufferedBodyHttpClient(SdkHttpClient urlConnection) {
        this.urlConnection = urlConnection;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return urlConnection.prepareRequest(request);
        }
        SdkHttpRequest unsized = request.httpRequest().toBuilder().removeHeader("Content-Length").build();
        return urlConnection.prepareRequest(HttpExecuteRequest.builder()
                .request(unsized)
                .contentStreamProvider(request.contentStreamProvider().get())
                .metricCollector(request.metricCollector().orElse(null))
                .build());
    }

    @Override
    public String clientName() {
        return urlConnection.clientName();
    }

    @Override
    public void close() {
        urlConnection.close();
    }
}
