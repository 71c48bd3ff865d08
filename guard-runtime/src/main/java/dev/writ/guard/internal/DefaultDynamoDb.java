package dev.writ.guard.internal;

import dev.writ.core.internal.AwsClients;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client the replay store and the lineage writer use when none is given. */
public final class DefaultDynamoDb {

    private DefaultDynamoDb() {
    }

    /** A supplier that builds one {@link DynamoDbClient} on first use (see {@link AwsClients}). */
    public static Supplier<DynamoDbClient> lazy() {
        return AwsClients.lazy(http -> DynamoDbClient.builder().httpClient(http).build());
    }
}
