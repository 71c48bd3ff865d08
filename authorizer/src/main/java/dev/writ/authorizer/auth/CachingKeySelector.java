package dev.writ.authorizer.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import dev.writ.core.crypto.CryptoProvider;
import java.security.Key;
import java.security.Provider;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nimbus's key selection (accepted algorithms, {@code kid} and key type matched against the JWK
 * source), with each JWK's public key converted once instead of on every token: decoding the
 * modulus and building the key was a tenth of a warm decision. Keys are made by the accelerated
 * provider once it is loaded, so its verifier need not translate them per call. The cache is keyed
 * by the JWK's content, so a rotated key set is converted afresh; it is bounded, for an issuer that
 * rotates often.
 */
final class CachingKeySelector extends JWSVerificationKeySelector<SecurityContext> {
    static final int MAX_KEYS = 64;

    private record Converted(Provider provider, PublicKey key) {
    }

    private final Map<JWK, Converted> converted = new ConcurrentHashMap<>();

    CachingKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys) {
        super(algorithms, keys);
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!isAllowed(header.getAlgorithm())) {
            return List.of();
        }
        JWKMatcher matcher = createJWKMatcher(header);
        if (matcher == null) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : getJWKSource().get(new JWKSelector(matcher), context)) {
            if (jwk instanceof AsymmetricJWK) {
                PublicKey key = publicKey(jwk);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** The JWK's public key, made by the current provider; null when the JWK holds no usable key. */
    @SuppressWarnings("ReferenceEquality") // the provider instance in use; Provider.equals compares its properties
    private PublicKey publicKey(JWK jwk) {
        Provider provider = CryptoProvider.current();
        Converted known = converted.get(jwk);
        if (known != null && known.provider() == provider) {
            return known.key();
        }
        PublicKey key;
        try {
            key = CryptoProvider.onProvider(((AsymmetricJWK) jwk).toPublicKey(), PublicKey.class, provider);
        } catch (JOSEException | RuntimeException e) {
            return null;
        }
        if (converted.size() >= MAX_KEYS) {
            converted.clear();
        }
        converted.put(jwk, new Converted(provider, key));
        return key;
    }

    int cachedKeys() {
        return converted.size();
    }
}
