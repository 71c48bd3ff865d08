package dev.writ.lineagefn.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link WitnessFunction} answers before it needs its key or state (the method, the path,
 * the body), and its configuration refused with the variable named. The witness's own answers
 * run over real HTTP in {@code WitnessedCheckpointIT}.
 */
class WitnessFunctionTest {
    /** No client is ever asked: each request here is answered (or refused) before the witness is built. */
    private final WitnessFunction fn = new WitnessFunction(Environment.of(Map.of()), () -> {
        throw new AssertionError("no DynamoDB call expected");
    }, () -> {
        throw new AssertionError("no KMS call expected");
    });

    private static APIGatewayV2HTTPEvent request(String method, String path, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withBody(body).withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build()).build())
                .build();
    }

    @Test
    void refusesOtherMethodsPathsAndBodiesWithoutAStackTrace() {
        APIGatewayV2HTTPResponse get = fn.handleRequest(request("GET", "/add-checkpoint", "", false), null);
        assertThat(get.getStatusCode()).isEqualTo(405);
        assertThat(fn.handleRequest(request("POST", "/other", "x", false), null).getStatusCode()).isEqualTo(404);
        APIGatewayV2HTTPResponse notBase64 = fn.handleRequest(request("POST", "/add-checkpoint", "%%%", true), null);
        assertThat(notBase64.getStatusCode()).isEqualTo(400);
        assertThat(notBase64.getBody()).isEqualTo("the body is not base64\n");
        APIGatewayV2HTTPResponse tooLarge = fn.handleRequest(request("POST", "/add-checkpoint", "x".repeat(64 * 1024 + 1), false), null);
        assertThat(tooLarge.getStatusCode()).isEqualTo(400);
        assertThat(tooLarge.getBody()).contains("at most 65536 bytes");
        assertThat(fn.handleRequest(new APIGatewayV2HTTPEvent(), null).getStatusCode()).as("no request context").isEqualTo(405);
    }

    @Test
    void aWitnessWithoutItsConfigurationFailsNamingTheVariable() {
        assertThatThrownBy(() -> fn.handleRequest(request("POST", "/add-checkpoint", "old 0\n\n", false), null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WRIT_WITNESS_VERIFIER_KEY");
    }

    @Test
    void logsAreOriginAndCheckpointKeyPairs() {
        assertThatThrownBy(() -> WitnessFunction.logs("just-an-origin")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WRIT_WITNESS_LOGS").hasMessageContaining("'<origin> <checkpoint verifier key>'");
        assertThatThrownBy(() -> WitnessFunction.logs("o1 not+a+key")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("entry o1");
    }
}
