package dev.writ.guard;

import static org.assertj.core.api.Assertions.assertThat;

/** Integration tests reach emulators only through the SDK's endpoint variables, set by scripts/test. */
public final class Emulators {

    private Emulators() {
    }

    /** Fails (never skips) when no endpoint for {@code service} (e.g. {@code KMS}, {@code DYNAMODB}) is configured. */
    public static void requireEndpoint(String service) {
        String specific = System.getenv("AWS_ENDPOINT_URL_" + service);
        String general = System.getenv("AWS_ENDPOINT_URL");
        assertThat(specific != null ? specific : general)
                .as("AWS_ENDPOINT_URL_%s (or AWS_ENDPOINT_URL) must point at an emulator: run the tests with scripts/test,"
                        + " or `scripts/emulators start` and source .run/emulators.env", service)
                .isNotBlank();
        assertThat(System.getenv("AWS_REGION")).as("AWS_REGION must be set (scripts/test sets it)").isNotBlank();
    }
}
