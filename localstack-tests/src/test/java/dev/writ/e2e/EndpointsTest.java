package dev.writ.e2e;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-to-end tests fail, never skip, and say what to do when no endpoint is configured. */
class EndpointsTest {

    @Test
    void failsWithoutARegionNamingTheTestCommand() {
        assertThatThrownBy(() -> Endpoints.require(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("AWS_REGION").hasMessageContaining("scripts/test");
    }

    @Test
    void failsWithoutAnEndpointForKmsEvenWhenDynamoDbHasOne() {
        assertThatThrownBy(() -> Endpoints.require(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("AWS_ENDPOINT_URL_KMS")
                .hasMessageContaining("WRIT_TEST_ENDPOINT").hasMessageContaining(Endpoints.REAL_AWS);
    }

    @Test
    void blankEndpointCountsAsMissing() {
        assertThatThrownBy(() -> Endpoints.require(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", " ")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("DYNAMODB");
    }

    @Test
    void acceptsServiceEndpointsOrOneGeneralEndpointOrTheExplicitRealAwsOptIn() {
        assertThatCode(() -> Endpoints.require(Map.of("AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:2")))
                .doesNotThrowAnyException();
        assertThatCode(() -> Endpoints.require(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://localhost:4566")))
                .doesNotThrowAnyException();
        assertThatCode(() -> Endpoints.require(Map.of("AWS_REGION", "eu-west-1", Endpoints.REAL_AWS, "true")))
                .doesNotThrowAnyException();
    }
}
