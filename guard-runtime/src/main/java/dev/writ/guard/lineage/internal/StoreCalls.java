package dev.writ.guard.lineage.internal;

import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageUnavailableException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Runs one store call under the SDK's own standard retry strategy (AWS throttling and transient
 * error classification, full-jitter exponential backoff), bounded by {@code maxAttempts}, and turns
 * the final failure into a typed {@link LineageUnavailableException}.
 */
public final class StoreCalls {
    private final RetryStrategy strategy;
    private final Sleeper sleeper;

    /** Pauses between attempts; a seam so unit tests need not wait. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public StoreCalls(LineageConfig config, Sleeper sleeper) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(config.backoffBase(), config.backoffMax());
        // The circuit breaker is off so the bound is exactly maxAttempts, whatever happened before.
        this.strategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(config.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .circuitBreakerEnabled(false)
                .retryOnException(StoreCalls::racing)
                .retryOnException(StoreCalls::throttledTransaction)
                .build();
        this.sleeper = sleeper;
    }

    public <T> T call(String chain, Supplier<T> op) {
        RetryToken token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("writ-lineage")).token();
        while (true) {
            try {
                T result = op.get();
                strategy.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (SdkException e) {
                RefreshRetryTokenResponse next;
                try {
                    next = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(e).build());
                } catch (TokenAcquisitionFailedException exhausted) {
                    throw unavailable(chain, e);
                }
                token = next.token();
                pause(chain, next.delay());
            }
        }
    }

    public void pause(String chain, Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LineageUnavailableException(LineageUnavailableException.ReasonCode.UNREACHABLE, chain,
                    "interrupted while backing off", e);
        }
    }

    /**
     * Another writer's transaction on the same seqs is in flight: a put or a batch conflicting with
     * it wrote nothing and is tried again as it was (the other one is over within milliseconds; if it
     * took the seqs, the retry's condition fails and the race is lost as usual).
     */
    static boolean racing(Throwable e) {
        return e instanceof TransactionConflictException
                || e instanceof TransactionCanceledException c && cancelledFor(c, Set.of("TransactionConflict"));
    }

    /** A batch cancelled because DynamoDB throttled one of its items (nothing was written). */
    static boolean throttledTransaction(Throwable e) {
        return e instanceof TransactionCanceledException c
                && cancelledFor(c, Set.of("ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"));
    }

    private static boolean cancelledFor(TransactionCanceledException e, Set<String> codes) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream().anyMatch(r -> codes.contains(r.code()));
    }

    public static LineageUnavailableException unavailable(String chain, SdkException e) {
        LineageUnavailableException.ReasonCode reason;
        if (e instanceof SdkServiceException s && s.isThrottlingException() || throttledTransaction(e)) {
            reason = LineageUnavailableException.ReasonCode.THROTTLED;
        } else if (racing(e)) {
            reason = LineageUnavailableException.ReasonCode.CONTENTION;
        } else if (e instanceof SdkClientException) {
            reason = LineageUnavailableException.ReasonCode.UNREACHABLE;
        } else {
            reason = LineageUnavailableException.ReasonCode.REJECTED;
        }
        // The service's own error message names the cause (e.g. the missing table) and carries no record content.
        String detail = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorMessage() : e.getMessage();
        return new LineageUnavailableException(reason, chain, e.getClass().getSimpleName() + ": " + detail, e);
    }
}
