package dev.writ.guard.lineage;

import static org.assertj.core.api.Assertions.fail;

import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local over HTTP, as the test command starts it. Endpoint, region and credentials come
 * from the SDK's own environment variables; missing ones fail the test with a clear message.
 */
final class DynamoDbTestEnv {
    private DynamoDbTestEnv() {
    }

    static DynamoDbClient client() {
        for (String v : new String[] {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}) {
            String value = System.getenv(v);
            if (value == null || value.isBlank()) {
                fail(v + " is not set: run the integration tests through scripts/test, which starts DynamoDB Local"
                        + " and exports AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and test credentials");
            }
        }
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A fresh lineage table with a unique name. */
    static String newTable(DynamoDbClient client) {
        String table = "writ-lineage-it-" + UUID.randomUUID();
        LineageTable.create(client, table);
        return table;
    }
}
