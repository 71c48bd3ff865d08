package dev.writ.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The URL-connection client gets each body without its {@code Content-Length}, so the JDK buffers
 * it rather than streaming it; everything else it gets is the SDK's signed request.
 */
class BufferedBodyHttpClientTest {

    @Test
    void theUrlConnectionClientGetsABodyWithoutItsLengthSoItDoesNotStreamIt() {
        List<HttpExecuteRequest> handed = new ArrayList<>();
        SdkHttpClient urlConnection = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                handed.add(request);
                return null;
            }

            @Override
            public void close() {
            }
        };
        byte[] body = "{\"TableName\":\"writ-lineage\"}".getBytes(StandardCharsets.UTF_8);
        ContentStreamProvider content = () -> new ByteArrayInputStream(body);
        SdkHttpRequest signed = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("https://dynamodb.us-east-1.amazonaws.com/"))
                .headers(Map.of("Content-Length", List.of(Integer.toString(body.length)),
                        "Content-Type", List.of("application/x-amz-json-1.0"),
                        "Authorization", List.of("AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/dynamodb/aws4_request")))
                .build();

        new BufferedBodyHttpClient(urlConnection).prepareRequest(
                HttpExecuteRequest.builder().request(signed).contentStreamProvider(content).build());

        assertThat(handed).hasSize(1);
        SdkHttpRequest sent = handed.get(0).httpRequest();
        assertThat(sent.firstMatchingHeader("Content-Length")).isEmpty();
        assertThat(sent.headers()).hasSize(2)
                .containsEntry("Content-Type", List.of("application/x-amz-json-1.0"))
                .containsEntry("Authorization", signed.headers().get("Authorization"));
        assertThat(sent.method()).isEqualTo(SdkHttpMethod.POST);
        assertThat(sent.getUri()).isEqualTo(signed.getUri());
        assertThat(handed.get(0).contentStreamProvider()).containsSame(content);
    }

    @Test
    void awsClientsBuffersTheBodiesOfLazyBufferedClientsOnly() {
        assertThat(AwsClients.lazyBuffered(http -> http).get()).isInstanceOf(BufferedBodyHttpClient.class);
        assertThat(AwsClients.lazy(http -> http).get()).isNotInstanceOf(BufferedBodyHttpClient.class);
    }
}
