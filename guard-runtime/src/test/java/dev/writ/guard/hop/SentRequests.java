package dev.writ.guard.hop;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * The requests real SDK clients were about to send, after every global interceptor (so after
 * {@link WritHopInterceptor}) had its say: a client-level interceptor, which the SDK runs after the
 * global ones, records the request and its HTTP form and stops it before transmission, so unit
 * tests need no service. A request that is not recorded was never sent.
 */
final class SentRequests implements ExecutionInterceptor {

    /** Thrown instead of sending: the test has what it needs. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped before transmission by the test", null, false, false);
        }
    }

    final List<SdkRequest> requests = new CopyOnWriteArrayList<>();
    final List<SdkHttpRequest> http = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        requests.add(context.request());
        http.add(context.httpRequest());
        throw new Stopped();
    }

    /** {@code builder} configured to stop here: loopback endpoint, test credentials, no retries. */
    <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(this)
                        .retryPolicy(RetryPolicy.none()).build());
    }

    @SuppressWarnings("unchecked")
    <R extends SdkRequest> R last(Class<R> type) {
        return (R) requests.get(requests.size() - 1);
    }
}
