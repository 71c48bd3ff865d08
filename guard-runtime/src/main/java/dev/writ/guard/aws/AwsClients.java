package dev.writ.guard.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * Lazily built SDK clients with the small {@code UrlConnectionHttpClient}, so a guarded function
 * pays for an SDK client only when it first needs one. Region, credentials and endpoints come
 * from the SDK's own resolution ({@code AWS_REGION}, the default credential chain,
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A supplier that builds one {@link KmsClient} on first use. */
    public static Supplier<KmsClient> lazyKms() {
        Lazy<KmsClient> lazy = new Lazy<>(() -> KmsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build());
        return lazy::getValue;
    }

    /** A supplier that builds one {@link DynamoDbClient} on first use. */
    public static Supplier<DynamoDbClient> lazyDynamoDb() {
        Lazy<DynamoDbClient> lazy = new Lazy<>(() -> DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build());
        return lazy::getValue;
    }
}
