package dev.writ.guard.keys;

import dev.writ.guard.sign.SigningAlgorithm;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Trusted keys from an allow-list of KMS key ARNs. Each public key is fetched with
 * {@code GetPublicKey} on first use and cached for the life of the container; a failed fetch is
 * not cached, so the next invocation tries again.
 */
public final class KmsKeyResolver implements KeyResolver {

    private final Set<String> allowedKeyArns;
    private final Supplier<KmsClient> kms;
    private final Map<String, VerificationKey> cache = new ConcurrentHashMap<>();

    /**
     * @param allowedKeyArns the key ARNs writs may name in {@code kid}
     * @param kms            supplies the client on first fetch (keeps cold start free of SDK work)
     */
    public KmsKeyResolver(Set<String> allowedKeyArns, Supplier<KmsClient> kms) {
        this.allowedKeyArns = Set.copyOf(allowedKeyArns);
        this.kms = kms;
    }

    @Override
    public Optional<VerificationKey> resolve(String keyId) {
        if (keyId == null || !allowedKeyArns.contains(keyId)) {
            return Optional.empty();
        }
        return Optional.of(cache.computeIfAbsent(keyId, this::fetch));
    }

    private VerificationKey fetch(String keyArn) {
        GetPublicKeyResponse response;
        try {
            response = kms.get().getPublicKey(r -> r.keyId(keyArn));
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
}
