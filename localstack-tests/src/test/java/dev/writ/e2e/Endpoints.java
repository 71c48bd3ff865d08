package dev.writ.e2e;

import static org.assertj.core.api.Assertions.fail;

/**
 * Where the tests send their AWS calls: only the SDK's own variables. {@code scripts/test} exports
 * {@code AWS_ENDPOINT_URL_DYNAMODB} and {@code AWS_ENDPOINT_URL_KMS} (emulators) or, with
 * {@code WRIT_TEST_ENDPOINT}, {@code AWS_ENDPOINT_URL} (LocalStack). Without them the tests fail
 * rather than reach a real account by accident; {@code WRIT_E2E_REAL_AWS=true} is the deliberate
 * opt-in to the default endpoints of a real account.
 */
final class Endpoints {
    static final String REAL_AWS = "WRIT_E2E_REAL_AWS";

    private Endpoints() {
    }

    /** Fails the test with a clear message when DynamoDB, KMS or the region is not configured. */
    static void require() {
        if (System.getenv("AWS_REGION") == null || System.getenv("AWS_REGION").isBlank()) {
            fail("AWS_REGION is not set. Run the end-to-end tests with scripts/test (-pl localstack-tests -am), which"
                    + " starts DynamoDB Local and moto and exports AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB and"
                    + " AWS_ENDPOINT_URL_KMS; see localstack-tests/README.md");
        }
        if ("true".equals(System.getenv(REAL_AWS))) {
            return;
        }
        for (String service : new String[] {"DYNAMODB", "KMS"}) {
            if (endpoint(service) == null) {
                fail("No endpoint for " + service + ": set AWS_ENDPOINT_URL_" + service + " or AWS_ENDPOINT_URL."
                        + " Run the tests with scripts/test -pl localstack-tests -am (emulators), or"
                        + " WRIT_TEST_ENDPOINT=http://localhost:4566 scripts/test ... (LocalStack); against a real"
                        + " account set " + REAL_AWS + "=true. See localstack-tests/README.md");
            }
        }
    }

    /** The endpoint the SDK will use for {@code service}, or null for the service's default. */
    static String endpoint(String service) {
        String specific = System.getenv("AWS_ENDPOINT_URL_" + service);
        if (specific != null && !specific.isBlank()) {
            return specific;
        }
        String general = System.getenv("AWS_ENDPOINT_URL");
        return general == null || general.isBlank() ? null : general;
    }
}
