package dev.writ.guard.internal;

import dev.writ.core.internal.AwsClients;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB client the replay store uses, and lineage-fn's, when none is given: bodies sent
 * buffered ({@link AwsClients#lazyBuffered}): the replay store's put recognises its own resent
 * attempt, lineage-fn's writes are repeated harmlessly.
 */
public final class DefaultDynamoDb {

    private DefaultDynamoDb() {
    }

    /** A supplier that builds one {@link DynamoDbClient} on first use (see {@link AwsClients}). */
    public static Supplier<DynamoDbClient> lazy() {
        return AwsClients.lazyBuffered(http -> DynamoDbClient.builder().httpClient(http).build());
    }
}
