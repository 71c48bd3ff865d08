package dev.writ.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.util.Map;

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
        require(System.getenv());
    }

    static void require(Map<String, String> env) {
        if (blank(env.get("AWS_REGION"))) {
            fail("AWS_REGION is not set. Run the end-to-end tests with scripts/test (-pl localstack-tests -am), which"
                    + " starts DynamoDB Local and moto and exports AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB and"
                    + " AWS_ENDPOINT_URL_KMS; see localstack-tests/README.md");
        }
        if ("true".equals(env.get(REAL_AWS))) {
            return;
        }
        for (String service : new String[] {"DYNAMODB", "KMS"}) {
            if (blank(env.get("AWS_ENDPOINT_URL_" + service)) && blank(env.get("AWS_ENDPOINT_URL"))) {
                fail("No endpoint for " + service + ": set AWS_ENDPOINT_URL_" + service + " or AWS_ENDPOINT_URL."
                        + " Run the tests with scripts/test -pl localstack-tests -am (emulators), or"
                        + " WRIT_TEST_ENDPOINT=http://localhost:4566 scripts/test ... (LocalStack); against a real"
                        + " account set " + REAL_AWS + "=true. See localstack-tests/README.md");
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
