package dev.writ.testsupport;

import static org.assertj.core.api.Assertions.fail;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * How integration tests reach the emulators: only through the SDK's own endpoint variables, which
 * {@code scripts/test} exports (and {@code scripts/emulators start} writes to {@code .run/emulators.env}
 * for a shell or an IDE). A test that needs an emulator fails, never skips, when they are missing.
 */
public final class Emulators {

    private Emulators() {
    }

    /**
     * Fails with how to start the emulators unless an endpoint for {@code service} ({@code KMS},
     * {@code DYNAMODB} ...), a region and credentials are configured.
     */
    public static void require(String service) {
        String specific = System.getenv("AWS_ENDPOINT_URL_" + service);
        String endpoint = specific != null ? specific : System.getenv("AWS_ENDPOINT_URL");
        for (String[] v : new String[][] {{"AWS_ENDPOINT_URL_" + service, endpoint}, {"AWS_REGION", System.getenv("AWS_REGION")},
                {"AWS_ACCESS_KEY_ID", System.getenv("AWS_ACCESS_KEY_ID")},
                {"AWS_SECRET_ACCESS_KEY", System.getenv("AWS_SECRET_ACCESS_KEY")}}) {
            if (v[1] == null || v[1].isBlank()) {
                fail(v[0] + " is not set. Run the integration tests with scripts/test (it starts the emulators), or"
                        + " start them once with `scripts/emulators start` and run with the variables of"
                        + " .run/emulators.env (`source .run/emulators.env`, or paste `scripts/emulators env --plain`"
                        + " into the IDE's run configuration)");
            }
        }
    }

    /** A DynamoDB client for the emulator (fails as {@link #require} when none is configured). */
    public static DynamoDbClient dynamoDb() {
        require("DYNAMODB");
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A new asymmetric signing key of {@code spec} on the KMS emulator; its ARN. */
    public static String newSigningKey(KmsClient kms, KeySpec spec) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
    }

    /** A KMS client for the emulator (fails as {@link #require} when none is configured). */
    public static KmsClient kms() {
        require("KMS");
        return KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
