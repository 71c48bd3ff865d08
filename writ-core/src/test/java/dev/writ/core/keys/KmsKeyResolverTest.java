package dev.writ.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The failed-fetch penalty, on a counting {@code GetPublicKey} function and a hand-moved clock.
 * {@code KmsKeyResolverIT} shows the same against the KMS emulator over HTTP.
 */
class KmsKeyResolverTest {
    private static final String KEY_A = "arn:aws:kms:us-east-1:123456789012:key/aaaa";
    private static final String KEY_B = "arn:aws:kms:us-east-1:123456789012:key/bbbb";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final AtomicLong nanos = new AtomicLong(42);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** What KMS does for each key; replaced as a test goes on. */
    private final Map<String, Function<String, GetPublicKeyResponse>> kms = new ConcurrentHashMap<>();

    private final KmsKeyResolver resolver = new KmsKeyResolver(Set.of(KEY_A, KEY_B), arn -> {
        calls.computeIfAbsent(arn, k -> new AtomicInteger()).incrementAndGet();
        return kms.get(arn).apply(arn);
    }, RETRY_AFTER, nanos::get);

    private static GetPublicKeyResponse down(String arn) {
        throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
    }

    private static GetPublicKeyResponse p256(String arn) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return GetPublicKeyResponse.builder().keyId(arn)
                    .publicKey(SdkBytes.fromByteArray(generator.generateKeyPair().getPublic().getEncoded()))
                    .signingAlgorithms(SigningAlgorithmSpec.ECDSA_SHA_256).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private int calls(String arn) {
        return calls.getOrDefault(arn, new AtomicInteger()).get();
    }

    private KeyUnavailableException refusal(String arn) {
        try {
            return fail("resolved " + arn + " to " + resolver.resolve(arn));
        } catch (KeyUnavailableException e) {
            return e;
        }
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void aFailedFetchIsRememberedForTheRetryPeriodWithItsOwnMessage() {
        kms.put(KEY_A, KmsKeyResolverTest::down);

        KeyUnavailableException first = refusal(KEY_A);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(refusal(KEY_A).getMessage());
        }
        advance(RETRY_AFTER.minusNanos(1));
        later.add(refusal(KEY_A).getMessage());

        assertThat(first).hasMessage("GetPublicKey failed for " + KEY_A + ": SdkClientException");
        assertThat(later).hasSize(21).containsOnly(first.getMessage());
        assertThat(calls(KEY_A)).isEqualTo(1);

        advance(Duration.ofNanos(1));
        assertThat(refusal(KEY_A)).hasMessage(first.getMessage());
        assertThat(calls(KEY_A)).as("asked again once the period is over").isEqualTo(2);
        assertThat(refusal(KEY_A)).hasMessage(first.getMessage());
        assertThat(calls(KEY_A)).as("and the new failure starts a new period").isEqualTo(2);
    }

    @Test
    void aSuccessAfterThePeriodIsCachedAndEndsThePenalty() {
        kms.put(KEY_A, KmsKeyResolverTest::down);
        refusal(KEY_A);
        kms.put(KEY_A, KmsKeyResolverTest::p256);

        assertThat(refusal(KEY_A)).as("KMS is back, but the period is not over").hasMessageContaining("SdkClientException");
        assertThat(calls(KEY_A)).isEqualTo(1);

        advance(RETRY_AFTER);
        VerificationKey key = resolver.resolve(KEY_A).orElseThrow();
        kms.put(KEY_A, KmsKeyResolverTest::down);
        for (int i = 0; i < 5; i++) {
            assertThat(resolver.resolve(KEY_A)).containsSame(key);
        }
        assertThat(calls(KEY_A)).isEqualTo(2);
    }

    @Test
    void thePenaltyIsPerKey() {
        kms.put(KEY_A, KmsKeyResolverTest::down);
        kms.put(KEY_B, KmsKeyResolverTest::p256);

        refusal(KEY_A);
        assertThat(resolver.resolve(KEY_B)).isPresent();
        refusal(KEY_A);

        assertThat(calls(KEY_A)).isEqualTo(1);
        assertThat(calls(KEY_B)).isEqualTo(1);
    }

    @Test
    void aKeyKmsReturnsButWeCannotUseIsPenalisedToo() {
        kms.put(KEY_A, arn -> GetPublicKeyResponse.builder().keyId(arn)
                .publicKey(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))
                .signingAlgorithms(SigningAlgorithmSpec.ECDSA_SHA_256).build());

        KeyUnavailableException first = refusal(KEY_A);
        KeyUnavailableException second = refusal(KEY_A);

        assertThat(first.getMessage()).startsWith("KMS key " + KEY_A + " is not a usable signing key");
        assertThat(second).hasMessage(first.getMessage());
        assertThat(calls(KEY_A)).isEqualTo(1);
    }

    @Test
    void callersArrivingDuringAFailingFetchWaitForItAndDoNotCallAgain() throws Exception {
        CountDownLatch inFetch = new CountDownLatch(1);
        kms.put(KEY_A, arn -> {
            inFetch.countDown();
            sleep(Duration.ofMillis(200));
            return down(arn);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<KeyUnavailableException>> results = new ArrayList<>();
            results.add(pool.submit(() -> refusal(KEY_A)));
            assertThat(inFetch.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(() -> refusal(KEY_A)));
            }
            for (Future<KeyUnavailableException> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).hasMessageContaining("GetPublicKey failed for " + KEY_A);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls(KEY_A)).isEqualTo(1);
    }

    @Test
    void keysOffTheAllowListNeverReachKms() {
        assertThat(resolver.resolve("arn:aws:kms:us-east-1:123456789012:key/other")).isEmpty();
        assertThat(resolver.resolve(null)).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void theRetryPeriodIsFromOneSecondToAMinute() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(61), Duration.ofSeconds(-5))) {
            assertThatIllegalArgumentException().as(bad.toString())
                    .isThrownBy(() -> new KmsKeyResolver(Set.of(KEY_A), () -> null, bad))
                    .withMessageContaining("from 1 to 60 seconds");
        }
        new KmsKeyResolver(Set.of(KEY_A), () -> null, Duration.ofSeconds(1));
        new KmsKeyResolver(Set.of(KEY_A), () -> null, Duration.ofSeconds(60));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
