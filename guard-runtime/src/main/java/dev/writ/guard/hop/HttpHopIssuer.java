package dev.writ.guard.hop;

import dev.writ.core.config.ConfigurationException;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.Lazy;

/**
 * Asks the writ exchange over HTTPS: {@code POST <url>} with a JSON object of {@code writ},
 * {@code kind}, {@code target}, {@code payload} (the digest of what the call carries; a call with none,
 * such as a Lambda payload that is not a JSON object, is refused {@code UNBOUND_PAYLOAD} unless the
 * bundle's hop says {@code "payload": "any"}) and optionally {@code envelope} ({@link HopRequest#toJson}),
 * SigV4-signed with the function's own credentials
 * (the SDK's default chain) by the SDK's {@link AwsV4HttpSigner}, so the exchange knows which role,
 * and so which function, asks. The exchange answers {@code 200 {"writ": ...}} or
 * {@code {"reason": ..., "message": ...}} with a 4xx (a refusal) or 5xx. No retries: a hop that
 * cannot get its writ fails the SDK call at once.
 *
 * <p>Nothing is built before the first hop: the HTTP client ({@code UrlConnectionHttpClient}, 2 s
 * to connect, 5 s to read), the credentials provider and the region. The signed request carries no
 * {@code Content-Length}, so the JDK sends the body buffered (no 1 ms probe of the pooled
 * connection) and resends it once when the connection fails after the exchange read it but before
 * its answer: a multi-use hop then mints a second child (both recorded; the first reached no one),
 * a single-use hop is refused {@code REPLAYED} where a failed call would have been
 * {@code HOP_UNAVAILABLE}; the hop fails closed either way.
 */
public final class HttpHopIssuer implements HopIssuer {

    /** Longest answer read from the exchange: a writ is at most 8 KiB. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final URI url;
    private final String signingName;
    private final Supplier<SdkHttpClient> http;
    private final Supplier<AwsCredentialsProvider> credentials;
    private final Supplier<String> region;

    HttpHopIssuer(URI url, Supplier<SdkHttpClient> http, Supplier<AwsCredentialsProvider> credentials,
                  Supplier<String> region) {
        this.url = url;
        this.signingName = url.getHost().contains(".execute-api.") ? "execute-api" : "lambda";
        this.http = http;
        this.credentials = credentials;
        this.region = region;
    }

    /**
     * An issuer for the exchange at {@code url}: https, or http on the loopback interface (tests).
     *
     * @throws ConfigurationException naming {@code WRIT_GUARD_EXCHANGE_URL} when the URL is not one
     */
    public static HttpHopIssuer create(URI url) {
        boolean loopback = "localhost".equals(url.getHost()) || "127.0.0.1".equals(url.getHost());
        if (url.getHost() == null || !("https".equals(url.getScheme()) || loopback && "http".equals(url.getScheme()))) {
            throw new ConfigurationException(Hops.EXCHANGE_URL.name(), "must be an https URL (http only on loopback)");
        }
        Lazy<SdkHttpClient> http = new Lazy<>(() -> UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(5)).build());
        Lazy<AwsCredentialsProvider> credentials = new Lazy<>(() -> DefaultCredentialsProvider.builder().build());
        Lazy<String> region = new Lazy<>(() -> regionOf(url));
        return new HttpHopIssuer(url, http::getValue, credentials::getValue, region::getValue);
    }

    /** The region of a function URL host ({@code <id>.lambda-url.<region>.on.aws}), else the SDK's region chain. */
    static String regionOf(URI url) {
        String[] labels = url.getHost().split("\\.");
        for (int i = 0; i + 1 < labels.length; i++) {
            if (labels[i].equals("lambda-url") || labels[i].equals("execute-api")) {
                return labels[i + 1];
            }
        }
        return new DefaultAwsRegionProviderChain().getRegion().id();
    }

    @Override
    public String issue(HopRequest request) {
        byte[] body = Json.writeBytes(request.toJson());
        HttpExecuteResponse response;
        byte[] answer;
        try {
            SignedRequest signed = sign(body);
            response = http.get().prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            answer = read(response);
        } catch (IOException | RuntimeException e) {
            throw new WritHopException(WritHopException.Reason.HOP_UNAVAILABLE, "UNREACHABLE",
                    "the writ exchange could not be asked for " + what(request) + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        return writ(response.httpResponse().statusCode(), answer, request);
    }

    private SignedRequest sign(byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url)
                .putHeader("Content-Type", "application/json").build();
        AwsCredentialsIdentity identity = credentials.get().resolveCredentials();
        return AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.get()));
    }

    private static byte[] read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = response.responseBody().get()) {
            return in.readNBytes(MAX_RESPONSE_BYTES);
        }
    }

    /** The writ of a 200 answer, or the exception the status and the answer's reason call for. */
    static String writ(int status, byte[] answer, HopRequest request) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(answer);
        } catch (RuntimeException notJson) {
            json = Map.of();
        }
        if (status == 200) {
            Object writ = json.get("writ");
            if (writ instanceof String && !((String) writ).isBlank()) {
                return (String) writ;
            }
            throw new WritHopException(WritHopException.Reason.HOP_UNAVAILABLE, "INVALID_RESPONSE",
                    "the writ exchange answered 200 without a writ for " + what(request));
        }
        Object reason = json.get("reason");
        String code = reason instanceof String && ((String) reason).matches("[A-Z][A-Z0-9_]{0,63}")
                ? (String) reason : status == 429 ? "THROTTLED" : "HTTP_" + status;
        Object message = json.get("message");
        String text = "the writ exchange " + (status == 429 || status >= 500 ? "could not issue" : "refused")
                + " " + what(request) + ": " + code + " (HTTP " + status + ")"
                + (message instanceof String ? ": " + message : "");
        if (status == 429 || status >= 500 || status < 400) {
            throw new WritHopException(WritHopException.Reason.HOP_UNAVAILABLE, code, text);
        }
        if ("CHILD_TOO_LARGE".equals(code)) {
            // The exchange saw first what the interceptor would have: the child cannot travel.
            throw new WritHopException(WritHopException.Reason.HOP_TOO_LARGE, code, text);
        }
        throw new WritHopException(WritHopException.Reason.HOP_REFUSED, code, text);
    }

    private static String what(HopRequest request) {
        return request.kind().wire() + " to " + request.target();
    }

    @Override
    public String toString() {
        return "HttpHopIssuer[" + url + " as " + signingName + "]";
    }
}
