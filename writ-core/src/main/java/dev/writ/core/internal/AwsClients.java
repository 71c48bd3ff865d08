package dev.writ.core.internal;

import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.utils.Lazy;

/**
 * Lazily built SDK clients with the small {@code UrlConnectionHttpClient}, so a function pays for
 * an SDK client only when it first needs one. Region, credentials and endpoints come from the
 * SDK's own resolution ({@code AWS_REGION}, the default credential chain, {@code AWS_ENDPOINT_URL}
 * and {@code AWS_ENDPOINT_URL_<SERVICE>}).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A supplier that builds one client with {@code build} (given the HTTP client) on first use. */
    public static <T> Supplier<T> lazy(Function<SdkHttpClient, T> build) {
        Lazy<T> lazy = new Lazy<>(() -> build.apply(UrlConnectionHttpClient.create()));
        return lazy::getValue;
    }

    /** A supplier that builds one {@link KmsClient} on first use. */
    public static Supplier<KmsClient> lazyKms() {
        return lazy(http -> KmsClient.builder().httpClient(http).build());
    }
}
