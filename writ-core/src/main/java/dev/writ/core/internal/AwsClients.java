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
 *
 * <p>{@link #lazyBuffered} and {@link #lazyKms} send request bodies buffered
 * ({@link BufferedBodyHttpClient}: no 1 ms connection probe per request, at the price of one resend
 * when a connection fails before any answer); {@link #lazy} streams them, for clients whose writes
 * would not recognise such a resend.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A supplier that builds one client with {@code build} (given the HTTP client) on first use. */
    public static <T> Supplier<T> lazy(Function<SdkHttpClient, T> build) {
        return lazy(build, false);
    }

    /**
     * As {@link #lazy}, with request bodies sent buffered: for clients whose calls are reads or
     * writes that recognise their own resent attempt.
     */
    public static <T> Supplier<T> lazyBuffered(Function<SdkHttpClient, T> build) {
        return lazy(build, true);
    }

    /**
     * A supplier that builds one {@link KmsClient} on first use, bodies buffered: the project's KMS
     * calls ({@code Sign}, {@code Verify}, {@code GetPublicKey}) give the same answer when resent.
     */
    public static Supplier<KmsClient> lazyKms() {
        return lazyBuffered(http -> KmsClient.builder().httpClient(http).build());
    }

    private static <T> Supplier<T> lazy(Function<SdkHttpClient, T> build, boolean buffered) {
        Lazy<T> lazy = new Lazy<>(() -> {
            SdkHttpClient http = UrlConnectionHttpClient.create();
            return build.apply(buffered ? new BufferedBodyHttpClient(http) : http);
        });
        return lazy::getValue;
    }
}
