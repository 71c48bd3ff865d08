package dev.writ.e2e;

import static org.assertj.core.api.Assertions.fail;

import dev.writ.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * LocalStack's own DynamoDB fault injection, changed while it runs: {@code DYNAMODB_WRITE_ERROR_PROBABILITY}
 * (0.0 to 1.0) makes that share of write calls ({@code PutItem}, {@code TransactWriteItems}, ...) fail with
 * {@code ProvisionedThroughputExceededException}, as DynamoDB throttles, before they reach the table. Set through
 * {@code POST /_localstack/config}, which LocalStack serves only when started with {@code ENABLE_CONFIG_UPDATES=1}
 * (scripts/test starts its LocalStack so). Reads are never throttled by it.
 */
final class LocalStackChaos {
    static final String WRITE_ERROR_PROBABILITY = "DYNAMODB_WRITE_ERROR_PROBABILITY";
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI config;

    private LocalStackChaos(URI localStack) {
        this.config = localStack.resolve("/_localstack/config");
    }

    /** The fault injection of the run's LocalStack; fails the test when the run is not on one. */
    static LocalStackChaos of(Endpoints.Target target) {
        if (target.localStack() == null) {
            fail("This test throttles DynamoDB through LocalStack's fault injection and runs only on LocalStack, not on "
                    + target.description() + ". Run it with scripts/test (which starts LocalStack), or leave it out: "
                    + "-Dit.test='!ThrottledLineageIT'");
        }
        return new LocalStackChaos(target.localStack());
    }

    /** From now on, {@code probability} of DynamoDB write calls are throttled (0 ends it). */
    void throttleWrites(double probability) {
        String body = Json.write(Map.of("variable", WRITE_ERROR_PROBABILITY, "value", probability));
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(HttpRequest.newBuilder(config).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + config + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + config, e);
        }
        if (answer.statusCode() != 200) {
            fail("LocalStack did not take " + WRITE_ERROR_PROBABILITY + " (POST " + config + ": HTTP " + answer.statusCode()
                    + "). Start it with ENABLE_CONFIG_UPDATES=1, as scripts/test does.");
        }
        Object now = Json.parseObject(answer.body()).get("value");
        if (!(now instanceof Number n) || n.doubleValue() != probability) {
            fail("LocalStack answered " + answer.body() + " to setting " + WRITE_ERROR_PROBABILITY + " to " + probability);
        }
    }
}
