package dev.writ.guard.hop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP side of asking the exchange, against a loopback HTTP server that answers as the hop
 * contract says the exchange does: the request is SigV4-signed JSON, every answer maps to a writ or
 * a {@link WritHopException} with its reason.
 */
class HttpHopIssuerTest {

    private static final HopRequest REQUEST = new HopRequest("parent.writ.token", HopKind.SQS_SEND,
            "https://sqs.us-east-1.amazonaws.com/123456789012/payment-events", "digest");

    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<SdkHttpRequest> handed = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private HttpHopIssuer answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(Json.parseObject(exchange.getRequestBody().readAllBytes()));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return issuer(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    private HttpHopIssuer issuer(URI url) {
        SdkHttpClient urlConnection = UrlConnectionHttpClient.create();
        SdkHttpClient http = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                handed.add(request.httpRequest());
                return urlConnection.prepareRequest(request);
            }

            @Override
            public void close() {
                urlConnection.close();
            }
        };
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        return new HttpHopIssuer(url, () -> http, () -> credentials, () -> "us-east-1");
    }

    @Test
    void asksWithASigV4SignedJsonRequestAndReturnsTheWrit() throws IOException {
        String writ = answering(200, "{\"writ\":\"child.writ.token\",\"exp\":1800000060}").issue(REQUEST);

        assertThat(writ).isEqualTo("child.writ.token");
        assertThat(received).singleElement().isEqualTo(Map.of("writ", "parent.writ.token", "kind", "sqs:SendMessage",
                "target", REQUEST.target(), "payload", "digest"));
        assertThat(authorizations).singleElement().asString().startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                .contains("/us-east-1/lambda/aws4_request");
        // No Content-Length in the signed request: the URL-connection client lets the JDK buffer
        // the body instead of streaming it after a 1 ms probe of the pooled connection.
        assertThat(handed).singleElement().satisfies(r -> assertThat(r.firstMatchingHeader("Content-Length")).isEmpty());
    }

    @Test
    void aRefusalCarriesTheExchangesReason() throws IOException {
        HttpHopIssuer issuer = answering(403, "{\"reason\":\"POLICY_DENY\",\"message\":\"not allowed\"}");

        assertThatThrownBy(() -> issuer.issue(REQUEST)).isInstanceOfSatisfying(WritHopException.class, e -> {
            assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_REFUSED);
            assertThat(e.exchangeReason()).isEqualTo("POLICY_DENY");
            assertThat(e.getMessage()).contains("sqs:SendMessage to " + REQUEST.target()).contains("not allowed");
        });
    }

    @Test
    void aChildTooLargeForTheClientContextIsTooLargeAsIfTheInterceptorHadSeenIt() throws IOException {
        HttpHopIssuer issuer = answering(422, "{\"reason\":\"CHILD_TOO_LARGE\",\"message\":\"would not fit\"}");

        assertThatThrownBy(() -> issuer.issue(REQUEST)).isInstanceOfSatisfying(WritHopException.class, e -> {
            assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_TOO_LARGE);
            assertThat(e.exchangeReason()).isEqualTo("CHILD_TOO_LARGE");
            assertThat(e.lineageReason()).isEqualTo("HOP_TOO_LARGE exchange=CHILD_TOO_LARGE");
        });
    }

    @Test
    void aChildForAnEnvelopeIsAskedForAsSuch() throws IOException {
        answering(200, "{\"writ\":\"child.writ.token\"}").issue(new HopRequest("parent.writ.token", HopKind.LAMBDA_INVOKE,
                "ledger-post", "digest", true));

        assertThat(received).singleElement().isEqualTo(Map.of("writ", "parent.writ.token", "kind", "lambda:Invoke",
                "target", "ledger-post", "payload", "digest", "envelope", true));
    }

    @Test
    void throttlingAndServerErrorsAreUnavailable() throws IOException {
        assertThatThrownBy(() -> answering(429, "").issue(REQUEST)).isInstanceOfSatisfying(WritHopException.class, e -> {
            assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_UNAVAILABLE);
            assertThat(e.exchangeReason()).isEqualTo("THROTTLED");
        });
        stop();
        assertThatThrownBy(() -> answering(503, "{\"reason\":\"UNAVAILABLE\"}").issue(REQUEST))
                .isInstanceOfSatisfying(WritHopException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_UNAVAILABLE);
                    assertThat(e.exchangeReason()).isEqualTo("UNAVAILABLE");
                });
    }

    @Test
    void aReasonThatIsNotACodeIsNotRepeated() throws IOException {
        assertThatThrownBy(() -> answering(400, "{\"reason\":\"<script>\"}").issue(REQUEST))
                .isInstanceOfSatisfying(WritHopException.class, e -> assertThat(e.exchangeReason()).isEqualTo("HTTP_400"));
    }

    @Test
    void anOkWithoutAWritIsUnavailable() throws IOException {
        assertThatThrownBy(() -> answering(200, "{}").issue(REQUEST)).isInstanceOfSatisfying(WritHopException.class,
                e -> assertThat(e.exchangeReason()).isEqualTo("INVALID_RESPONSE"));
    }

    @Test
    void anExchangeThatCannotBeReachedIsUnavailable() throws IOException {
        HttpHopIssuer issuer = answering(200, "{}");
        stop();
        server = null;

        assertThatThrownBy(() -> issuer.issue(REQUEST)).isInstanceOfSatisfying(WritHopException.class, e -> {
            assertThat(e.reason()).isEqualTo(WritHopException.Reason.HOP_UNAVAILABLE);
            assertThat(e.exchangeReason()).isEqualTo("UNREACHABLE");
        });
    }

    @Test
    void theUrlMustBeHttpsExceptOnLoopback() {
        assertThatThrownBy(() -> HttpHopIssuer.create(URI.create("http://exchange.example.com/")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_GUARD_EXCHANGE_URL");
        assertThat(HttpHopIssuer.create(URI.create("https://abc.lambda-url.eu-west-1.on.aws/"))).hasToString(
                "HttpHopIssuer[https://abc.lambda-url.eu-west-1.on.aws/ as lambda]");
        assertThat(HttpHopIssuer.regionOf(URI.create("https://abc.lambda-url.eu-west-1.on.aws/"))).isEqualTo("eu-west-1");
    }
}
