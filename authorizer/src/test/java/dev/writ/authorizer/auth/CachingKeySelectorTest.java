package dev.writ.authorizer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.writ.core.crypto.CryptoProvider;
import java.security.Key;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachingKeySelectorTest {

    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final JWKSource<SecurityContext> source = (selector, context) -> selector.select(published.get());
    private final CachingKeySelector selector =
            new CachingKeySelector(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source);

    @Test
    void convertsEachKeyOnceOnTheAcceleratedProvider() throws Exception {
        assertThat(CryptoProvider.awaitAccelerated(Duration.ofSeconds(60))).as("ACCP loaded").isTrue();
        JWK rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        published.set(new JWKSet(rsa.toPublicJWK()));

        List<Key> first = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "k1"), null);
        List<Key> second = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "k1"), null);

        assertThat(first).hasSize(1);
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(((RSAPublicKey) first.get(0)).getModulus()).isEqualTo(rsa.toRSAKey().getModulus().decodeToBigInteger());
        assertThat(first.get(0).getClass().getName()).startsWith("com.amazon.corretto");
    }

    @Test
    void aRotatedKeySetIsServedFromTheSourceNotTheCache() throws Exception {
        JWK old = new RSAKeyGenerator(2048).keyID("k1").generate();
        JWK rotated = new RSAKeyGenerator(2048).keyID("k1").generate();
        published.set(new JWKSet(old.toPublicJWK()));
        Key before = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "k1"), null).get(0);

        published.set(new JWKSet(rotated.toPublicJWK()));
        List<Key> after = selector.selectJWSKeys(header(JWSAlgorithm.RS256, "k1"), null);

        assertThat(after).hasSize(1);
        assertThat(((RSAPublicKey) after.get(0)).getModulus())
                .isEqualTo(rotated.toRSAKey().getModulus().decodeToBigInteger())
                .isNotEqualTo(((RSAPublicKey) before).getModulus());
    }

    @Test
    void refusesAlgorithmsNotAcceptedAndKeysOfAnotherType() throws Exception {
        JWK ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        JWK secret = new OctetSequenceKeyGenerator(256).keyID("s1").generate();
        published.set(new JWKSet(List.of(ec.toPublicJWK(), secret)));

        assertThat(selector.selectJWSKeys(header(JWSAlgorithm.HS256, "s1"), null)).isEmpty();
        assertThat(selector.selectJWSKeys(header(JWSAlgorithm.PS256, "e1"), null)).isEmpty();
        assertThat(selector.selectJWSKeys(header(JWSAlgorithm.RS256, "e1"), null)).isEmpty();
        assertThat(selector.selectJWSKeys(header(JWSAlgorithm.ES256, "e1"), null)).hasSize(1);
        assertThat(selector.selectJWSKeys(header(JWSAlgorithm.ES256, "unknown"), null)).isEmpty();
    }

    @Test
    void theCacheStaysBounded() throws Exception {
        for (int i = 0; i < CachingKeySelector.MAX_KEYS + 10; i++) {
            JWK key = new ECKeyGenerator(Curve.P_256).keyID("e" + i).generate();
            published.set(new JWKSet(key.toPublicJWK()));
            assertThat(selector.selectJWSKeys(header(JWSAlgorithm.ES256, "e" + i), null)).hasSize(1);
        }
        assertThat(selector.cachedKeys()).isLessThanOrEqualTo(CachingKeySelector.MAX_KEYS);
    }

    private static JWSHeader header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).build();
    }
}
