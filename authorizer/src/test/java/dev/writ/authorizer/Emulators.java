package dev.writ.authorizer;

import static org.junit.jupiter.api.Assertions.fail;

/** Integration tests reach the emulators only through the SDK's variables, which scripts/test exports. */
final class Emulators {
    private Emulators() {
    }

    /** Fails (never skips) when the endpoint of {@code service} (KMS, DYNAMODB) or the region is missing. */
    static void require(String service) {
        for (String v : new String[] {"AWS_ENDPOINT_URL_" + service, "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}) {
            String value = System.getenv(v);
            if (value == null || value.isBlank()) {
                fail(v + " is not set: run the integration tests through scripts/test, which starts moto (KMS) and"
                        + " DynamoDB Local and exports AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and test credentials");
            }
        }
    }
}
