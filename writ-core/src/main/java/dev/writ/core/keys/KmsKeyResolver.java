package dev.writ.core.keys;

import dev.writ.core.jose.SigningAlgorithm;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Trusted keys from an allow-list of KMS key ARNs. Each public key is fetched with
 * {@code GetPublicKey} on first use and cached for the life of the container.
 *
 * <p>A failed fetch is remembered for {@code retryAfter} (default {@value #DEFAULT_RETRY_AFTER_SECONDS}
 * s, at most {@value #MAX_RETRY_AFTER_SECONDS} s), per key, like aws-jwt-verify's penalty box: in that
 * time the key is not asked for again and every writ naming it is refused with the failure's own
 * message, so a KMS outage costs one call per key per period instead of one per invocation. The
 * first fetch after the period decides again; a success is cached and ends the penalty.
 */
public final class KmsKeyResolver implements KeyResolver {

    /** How long a failed fetch is remembered unless configured otherwise, in seconds. */
    public static final long DEFAULT_RETRY_AFTER_SECONDS = 5;
    /** The longest a failed fetch may be remembered, in seconds: an outage must not outlive its cause by long. */
    public static final long MAX_RETRY_AFTER_SECONDS = 60;

    private final Set<String> allowedKeyArns;
    private final Function<String, GetPublicKeyResponse> getPublicKey;
    private final long retryAfterNanos;
    private final LongSupplier nanoTime;
    private final Map<String, VerificationKey> cache = new ConcurrentHashMap<>();
    private final Map<String, FailedFetch> failures = new ConcurrentHashMap<>();

    /**
     * Remembers a failed fetch for {@value #DEFAULT_RETRY_AFTER_SECONDS} s.
     *
     * @param allowedKeyArns the key ARNs writs may name in {@code kid}
     * @param kms            supplies the client on each fetch (keeps cold start free of SDK work)
     */
    public KmsKeyResolver(Set<String> allowedKeyArns, Supplier<KmsClient> kms) {
        this(allowedKeyArns, kms, Duration.ofSeconds(DEFAULT_RETRY_AFTER_SECONDS));
    }

    /**
     * @param retryAfter how long a failed fetch is remembered, from 1 to {@value #MAX_RETRY_AFTER_SECONDS} seconds
     * @throws IllegalArgumentException when {@code retryAfter} is outside that range
     */
    public KmsKeyResolver(Set<String> allowedKeyArns, Supplier<KmsClient> kms, Duration retryAfter) {
        this(allowedKeyArns, keyArn -> kms.get().getPublicKey(r -> r.keyId(keyArn)), retryAfter, System::nanoTime);
    }

    KmsKeyResolver(Set<String> allowedKeyArns, Function<String, GetPublicKeyResponse> getPublicKey,
                   Duration retryAfter, LongSupplier nanoTime) {
        if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0
                || retryAfter.compareTo(Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS)) > 0) {
            throw new IllegalArgumentException("retryAfter must be from 1 to " + MAX_RETRY_AFTER_SECONDS
                    + " seconds, not " + retryAfter);
        }
        this.allowedKeyArns = Set.copyOf(allowedKeyArns);
        this.getPublicKey = getPublicKey;
        this.retryAfterNanos = retryAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<VerificationKey> resolve(String keyId) {
        if (keyId == null || !allowedKeyArns.contains(keyId)) {
            return Optional.empty();
        }
        // computeIfAbsent runs one fetch per key at a time: callers arriving while it fails find
        // the failure already remembered.
        return Optional.of(cache.computeIfAbsent(keyId, this::fetchUnlessPenalised));
    }

    private VerificationKey fetchUnlessPenalised(String keyArn) {
        FailedFetch failed = failures.get(keyArn);
        // Elapsed time on the monotonic clock: a wall clock set back must not lengthen the penalty.
        if (failed != null && nanoTime.getAsLong() - failed.atNanos() < retryAfterNanos) {
            throw new KeyUnavailableException(failed.cause().getMessage(), failed.cause());
        }
        try {
            VerificationKey key = fetch(keyArn);
            failures.remove(keyArn);
            return key;
        } catch (KeyUnavailableException e) {
            failures.put(keyArn, new FailedFetch(e, nanoTime.getAsLong()));
            throw e;
        }
    }

    private VerificationKey fetch(String keyArn) {
        GetPublicKeyResponse response;
        try {
            response = getPublicKey.apply(keyArn);
        } catch (RuntimeException e) {
            throw new KeyUnavailableException("GetPublicKey failed for " + keyArn + ": " + e.getClass().getSimpleName(), e);
        }
        try {
            PublicKey key = parse(response.publicKey().asByteArray());
            return VerificationKey.of(keyArn, key, algorithms(response.signingAlgorithms()));
        } catch (RuntimeException | java.security.GeneralSecurityException e) {
            throw new KeyUnavailableException("KMS key " + keyArn + " is not a usable signing key: " + e.getMessage(), e);
        }
    }

    static PublicKey parse(byte[] subjectPublicKeyInfo) throws java.security.GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(subjectPublicKeyInfo);
        try {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        } catch (java.security.spec.InvalidKeySpecException notEc) {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        }
    }

    private static Set<SigningAlgorithm> algorithms(List<SigningAlgorithmSpec> kmsAlgorithms) {
        Set<SigningAlgorithm> out = EnumSet.noneOf(SigningAlgorithm.class);
        for (SigningAlgorithmSpec spec : kmsAlgorithms) {
            if (spec == SigningAlgorithmSpec.ECDSA_SHA_256) {
                out.add(SigningAlgorithm.ES256);
            } else if (spec == SigningAlgorithmSpec.RSASSA_PSS_SHA_256) {
                out.add(SigningAlgorithm.PS256);
            } else if (spec == SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256) {
                out.add(SigningAlgorithm.RS256);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no JWS algorithm among " + kmsAlgorithms);
        }
        return out;
    }

    /** The failure a fetch ended with, and when (System.nanoTime). */
    private record FailedFetch(KeyUnavailableException cause, long atNanos) {
    }
}
