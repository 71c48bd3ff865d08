package dev.writ.authorizer.sign;

import dev.writ.core.jose.JwsFixtures;
import dev.writ.testsupport.TestJwks;
import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Jws;
import dev.writ.guard.writ.ReasonCode;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritVerifier;
import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.ISSUER;
import static dev.writ.guard.Fixtures.NOW;
import static dev.writ.guard.Fixtures.REQUEST;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.writ.guard.Fixtures;
import dev.writ.core.json.Json;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.jose.Signer;
import dev.writ.guard.writ.Delegation;
import dev.writ.guard.writ.WritCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kms-delegated mode: an ephemeral key certified by a trusted (KMS) key signs writs. */
class DelegatedWritTest {

    private final WritVerifier verifier = new WritVerifier(Fixtures.verifierConfig().build());

    private static DelegatedWritSigner delegated(Signer certifier, Clock clock) {
        return DelegatedWritSigner.create(certifier, ISSUER, Duration.ofMinutes(15), Duration.ofSeconds(330), clock);
    }

    private static Clock at(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    @Test
    void allowsAWritSignedByACertifiedEphemeralKey() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
        assertThat(CompactJws.parse(token).header().critical()).containsExactly("dlg");
    }

    @Test
    void signsPs256WithAnRsaEphemeralKeyUnderAnRsaCertifier() {
        DelegatedWritSigner signer = delegated(Fixtures.signer(SigningAlgorithm.PS256), Fixtures.CLOCK);
        String token = WritCodec.encode(validWrit().build(), signer);
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.PS256);
        assertThat(CompactJws.parse(token).header().alg()).isEqualTo("PS256");
        Jws delegation = CompactJws.parse(CompactJws.parse(token).header().string(Delegation.HEADER));
        assertThat(delegation.header().alg()).isEqualTo("PS256");
        assertThat(((Map<?, ?>) delegation.payload().get("jwk")).get("kty")).isEqualTo("RSA");
    }

    @Test
    void signsEs256WithAP256EphemeralKeyUnderAP256Certifier() {
        DelegatedWritSigner signer = delegated(Fixtures.signer(SigningAlgorithm.ES256), Fixtures.CLOCK);
        String token = WritCodec.encode(validWrit().build(), signer);
        assertThat(verifier.verify(token, FUNCTION, REQUEST).isAllowed()).isTrue();
        assertThat(CompactJws.parse(token).header().alg()).isEqualTo("ES256");
    }

    @Test
    void compactSignsEs256WithAP256EphemeralKeyUnderAnRsaCertifier() {
        DelegatedWritSigner signer = DelegatedWritSigner.compact(Fixtures.signer(SigningAlgorithm.PS256), ISSUER,
                Duration.ofMinutes(15), Duration.ofSeconds(330), Fixtures.CLOCK);
        String token = WritCodec.encode(validWrit().build(), signer);
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(CompactJws.parse(token).header().alg()).isEqualTo("ES256");
        Jws delegation = CompactJws.parse(CompactJws.parse(token).header().string(Delegation.HEADER));
        assertThat(delegation.header().alg()).isEqualTo("PS256");
        assertThat(((Map<?, ?>) delegation.payload().get("jwk")).get("kty")).isEqualTo("EC");
    }

    @Test
    void theDelegatedKeyCarriesOnlyWhatAGuardReads() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(SigningAlgorithm.PS256), Fixtures.CLOCK));
        Jws delegation = CompactJws.parse(CompactJws.parse(token).header().string(Delegation.HEADER));
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) delegation.payload().get("jwk");
        assertThat(jwk).containsOnlyKeys("kty", "kid", "n", "e");
    }

    @Test
    void allowsAWritWhoseDelegatedKeyCarriesUseAndAlg() {
        // As signers wrote delegations before they dropped the two members: such writs keep verifying.
        RSAKey ephemeral = TestJwks.rsa(JWSAlgorithm.PS256);
        assertThat(ephemeral.toPublicJWK().toJSONObject()).containsKeys("use", "alg");
        String token = delegatedWrit(ephemeral, "PS256", LocalSigner.fromJwk(ephemeral.toJSONString()));
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.isAllowed()).as(v.toString()).isTrue();
    }

    @Test
    void deniesAnRs256WritUnderAnRsaDelegatedKey() {
        // The delegated RSA key verifies PS256 only: a PKCS#1 v1.5 signature by the same key is refused.
        RSAKey ephemeral = TestJwks.rsa(JWSAlgorithm.RS256);
        String token = delegatedWrit(ephemeral, "RS256", LocalSigner.fromJwk(ephemeral.toJSONString()));
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.reason()).contains(ReasonCode.UNSUPPORTED_ALG);
        assertThat(v.detail()).contains("not RS256");
    }

    @Test
    void deniesAnEs256WritNamingAnRsaDelegatedKey() {
        RSAKey ephemeral = TestJwks.rsa(JWSAlgorithm.PS256);
        String token = delegatedWrit(ephemeral, "ES256", LocalSigner.fromJwk(TestJwks.es256().toJSONString()));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
    }

    @Test
    void deniesADelegationOfAnRsaKeyUnder2048Bits() throws Exception {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyIDFromThumbprint(true).generate();
        // The writ's own signature never gets checked: the delegated key is refused first.
        String token = delegatedWrit(weak, "PS256", Fixtures.signer(SigningAlgorithm.PS256));
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.reason()).contains(ReasonCode.MALFORMED);
        assertThat(v.detail()).contains("at least 2048 bits");
    }

    /** A writ under {@code alg}, signed by {@code writSigner}, carrying a trusted delegation of {@code ephemeral}. */
    private static String delegatedWrit(JWK ephemeral, String alg, Signer writSigner) {
        Delegation delegation = new Delegation(ISSUER, NOW - 10, NOW + 600, ephemeral.toPublicJWK().toJSONObject());
        Map<String, Object> dlgHeader = new LinkedHashMap<>();
        dlgHeader.put("alg", "PS256");
        dlgHeader.put("typ", Delegation.TYPE);
        dlgHeader.put("kid", Fixtures.key(SigningAlgorithm.PS256).getKeyID());
        String dlg = JwsFixtures.signExactly(dlgHeader, delegation.toJson(), Fixtures.signer(SigningAlgorithm.PS256));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "writ+jwt");
        header.put("kid", ephemeral.getKeyID());
        header.put("dlg", dlg);
        header.put("crit", List.of("dlg"));
        return JwsFixtures.signExactly(header, validWrit().build().toJson(), writSigner);
    }

    @Test
    void certifiesOncePerDelegationPeriod() {
        AtomicInteger certifications = new AtomicInteger();
        Signer counting = new CountingSigner(Fixtures.signer(), certifications);
        DelegatedWritSigner signer = delegated(counting, Fixtures.CLOCK);
        for (int i = 0; i < 100; i++) {
            assertThat(verifier.verify(WritCodec.encode(validWrit().build(), signer), FUNCTION, REQUEST).isAllowed()).isTrue();
        }
        assertThat(certifications).hasValue(1);
    }

    @Test
    void renewsTheDelegationBeforeWritsCouldOutliveIt() {
        AtomicInteger certifications = new AtomicInteger();
        Signer counting = new CountingSigner(Fixtures.signer(), certifications);
        long[] now = {NOW};
        Clock moving = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochSecond(now[0]); }
        };
        DelegatedWritSigner signer = delegated(counting, moving);
        signer.current();
        now[0] += 900 - 330 - 1;
        signer.current();
        assertThat(certifications).hasValue(1);
        now[0] += 1;
        signer.current();
        assertThat(certifications).hasValue(2);
    }

    @Test
    void deniesAnExpiredDelegation() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), at(NOW - 1000)));
        // The writ itself is fresh (its times come from the builder); only the delegation is old.
        Verification v = verifier.verify(token, FUNCTION, REQUEST);
        assertThat(v.reason()).contains(ReasonCode.EXPIRED);
        assertThat(v.detail()).contains("delegation");
    }

    @Test
    void deniesADelegationSignedByAnUntrustedKey() {
        Signer stranger = LocalSigner.fromJwk(LocalKeys.generate(SigningAlgorithm.ES256).privateJwk());
        String token = WritCodec.encode(validWrit().build(), delegated(stranger, Fixtures.CLOCK));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNKNOWN_KEY);
    }

    @Test
    void deniesADelegationForgedUnderATrustedKid() {
        ECKey attacker = TestJwks.es256();
        Signer impostor = LocalSigner.fromJwk(new ECKey.Builder(attacker)
                .keyID(Fixtures.key(SigningAlgorithm.ES256).getKeyID()).build().toJSONString());
        String token = WritCodec.encode(validWrit().build(), delegated(impostor, Fixtures.CLOCK));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void deniesAWritSignedByAnotherKeyThanTheDelegatedOne() {
        DelegatedWritSigner signer = delegated(Fixtures.signer(), Fixtures.CLOCK);
        String token = WritCodec.encode(validWrit().build(), signer);
        // Re-sign the same header and claims with a key the delegation does not certify.
        Jws parts = CompactJws.parse(token);
        ECKey other = new ECKey.Builder(TestJwks.es256())
                .keyID(parts.header().keyId()).build();
        String forged = JwsFixtures.signExactly(parts.header().members(), parts.payload(), LocalSigner.fromJwk(other.toJSONString()));
        assertThat(verifier.verify(forged, FUNCTION, REQUEST).reason()).contains(ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void deniesAWritWhoseKidDoesNotNameTheDelegatedKey() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        Jws parts = CompactJws.parse(token);
        Map<String, Object> header = new LinkedHashMap<>(parts.header().members());
        header.put("kid", "someone-else");
        String resigned = JwsFixtures.signExactly(header, parts.payload(), Fixtures.signer());
        assertThat(verifier.verify(resigned, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNKNOWN_KEY);
    }

    @Test
    void deniesADelegationNotListedInCrit() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        Jws parts = CompactJws.parse(token);
        Map<String, Object> header = new LinkedHashMap<>(parts.header().members());
        header.remove("crit");
        String resigned = JwsFixtures.signExactly(header, parts.payload(), Fixtures.signer());
        assertThat(verifier.verify(resigned, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
    }

    @Test
    void deniesADelegationValidForMoreThanFifteenMinutes() {
        ECKey ephemeral = TestJwks.es256();
        Delegation tooLong = new Delegation(ISSUER, NOW - 10, NOW + 3600, ephemeral.toPublicJWK().toJSONObject());
        Map<String, Object> dlgHeader = new LinkedHashMap<>();
        dlgHeader.put("alg", "ES256");
        dlgHeader.put("typ", Delegation.TYPE);
        dlgHeader.put("kid", Fixtures.key(SigningAlgorithm.ES256).getKeyID());
        String dlg = JwsFixtures.signExactly(dlgHeader, tooLong.toJson(), Fixtures.signer());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", "writ+jwt");
        header.put("kid", ephemeral.getKeyID());
        header.put("dlg", dlg);
        header.put("crit", List.of("dlg"));
        String token = JwsFixtures.signExactly(header, validWrit().build().toJson(), LocalSigner.fromJwk(ephemeral.toJSONString()));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.EXPIRED);
    }

    @Test
    void deniesAMalformedDelegation() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        Jws parts = CompactJws.parse(token);
        Map<String, Object> header = new LinkedHashMap<>(parts.header().members());
        header.put("dlg", Base64.getUrlEncoder().withoutPadding().encodeToString(
                Json.write(Map.of("not", "a jws")).getBytes(StandardCharsets.UTF_8)));
        String resigned = JwsFixtures.signExactly(header, parts.payload(), Fixtures.signer());
        assertThat(verifier.verify(resigned, FUNCTION, REQUEST).reason()).contains(ReasonCode.MALFORMED);
    }

    private static final class CountingSigner implements Signer {
        private final Signer inner;
        private final AtomicInteger count;

        CountingSigner(Signer inner, AtomicInteger count) {
            this.inner = inner;
            this.count = count;
        }

        @Override public String keyId() { return inner.keyId(); }
        @Override public SigningAlgorithm algorithm() { return inner.algorithm(); }
        @Override public byte[] sign(byte[] input) {
            count.incrementAndGet();
            return inner.sign(input);
        }
    }
}
