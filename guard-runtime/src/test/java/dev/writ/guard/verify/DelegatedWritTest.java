package dev.writ.guard.verify;

import static dev.writ.guard.Fixtures.FUNCTION;
import static dev.writ.guard.Fixtures.ISSUER;
import static dev.writ.guard.Fixtures.NOW;
import static dev.writ.guard.Fixtures.REQUEST;
import static dev.writ.guard.Fixtures.validWrit;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.writ.guard.Fixtures;
import dev.writ.guard.json.Json;
import dev.writ.guard.sign.DelegatedWritSigner;
import dev.writ.guard.sign.LocalKeys;
import dev.writ.guard.sign.LocalWritSigner;
import dev.writ.guard.sign.SigningAlgorithm;
import dev.writ.guard.sign.WritSigner;
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

    private static DelegatedWritSigner delegated(WritSigner certifier, Clock clock) {
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
        assertThat(WritCodec.decode(token).header().critical()).containsExactly("dlg");
    }

    @Test
    void certifiesOncePerDelegationPeriod() {
        AtomicInteger certifications = new AtomicInteger();
        WritSigner counting = new CountingSigner(Fixtures.signer(), certifications);
        DelegatedWritSigner signer = delegated(counting, Fixtures.CLOCK);
        for (int i = 0; i < 100; i++) {
            assertThat(verifier.verify(WritCodec.encode(validWrit().build(), signer), FUNCTION, REQUEST).isAllowed()).isTrue();
        }
        assertThat(certifications).hasValue(1);
    }

    @Test
    void renewsTheDelegationBeforeWritsCouldOutliveIt() {
        AtomicInteger certifications = new AtomicInteger();
        WritSigner counting = new CountingSigner(Fixtures.signer(), certifications);
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
        WritSigner stranger = LocalWritSigner.fromJwk(LocalKeys.generate(SigningAlgorithm.ES256));
        String token = WritCodec.encode(validWrit().build(), delegated(stranger, Fixtures.CLOCK));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNKNOWN_KEY);
    }

    @Test
    void deniesADelegationForgedUnderATrustedKid() {
        ECKey attacker = (ECKey) LocalKeys.generate(SigningAlgorithm.ES256);
        WritSigner impostor = LocalWritSigner.fromJwk(new ECKey.Builder(attacker)
                .keyID(Fixtures.key(SigningAlgorithm.ES256).getKeyID()).build());
        String token = WritCodec.encode(validWrit().build(), delegated(impostor, Fixtures.CLOCK));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void deniesAWritSignedByAnotherKeyThanTheDelegatedOne() {
        DelegatedWritSigner signer = delegated(Fixtures.signer(), Fixtures.CLOCK);
        String token = WritCodec.encode(validWrit().build(), signer);
        // Re-sign the same header and claims with a key the delegation does not certify.
        WritCodec.Parts parts = WritCodec.split(token);
        ECKey other = new ECKey.Builder((ECKey) LocalKeys.generate(SigningAlgorithm.ES256))
                .keyID(String.valueOf(parts.header().get("kid"))).build();
        String forged = WritCodec.sign(parts.header(), parts.payload(), LocalWritSigner.fromJwk(other));
        assertThat(verifier.verify(forged, FUNCTION, REQUEST).reason()).contains(ReasonCode.BAD_SIGNATURE);
    }

    @Test
    void deniesAWritWhoseKidDoesNotNameTheDelegatedKey() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        WritCodec.Parts parts = WritCodec.split(token);
        Map<String, Object> header = new LinkedHashMap<>(parts.header());
        header.put("kid", "someone-else");
        String resigned = WritCodec.sign(header, parts.payload(), Fixtures.signer());
        assertThat(verifier.verify(resigned, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNKNOWN_KEY);
    }

    @Test
    void deniesADelegationNotListedInCrit() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        WritCodec.Parts parts = WritCodec.split(token);
        Map<String, Object> header = new LinkedHashMap<>(parts.header());
        header.remove("crit");
        String resigned = WritCodec.sign(header, parts.payload(), Fixtures.signer());
        assertThat(verifier.verify(resigned, FUNCTION, REQUEST).reason()).contains(ReasonCode.UNSUPPORTED_ALG);
    }

    @Test
    void deniesADelegationValidForMoreThanFifteenMinutes() {
        ECKey ephemeral = (ECKey) LocalKeys.generate(SigningAlgorithm.ES256);
        Delegation tooLong = new Delegation(ISSUER, NOW - 10, NOW + 3600, ephemeral.toPublicJWK());
        Map<String, Object> dlgHeader = new LinkedHashMap<>();
        dlgHeader.put("alg", "ES256");
        dlgHeader.put("typ", Delegation.TYPE);
        dlgHeader.put("kid", Fixtures.key(SigningAlgorithm.ES256).getKeyID());
        String dlg = WritCodec.sign(dlgHeader, tooLong.toClaims(), Fixtures.signer());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", "writ+jwt");
        header.put("kid", ephemeral.getKeyID());
        header.put("dlg", dlg);
        header.put("crit", List.of("dlg"));
        String token = WritCodec.sign(header, validWrit().build().toClaims(), LocalWritSigner.fromJwk(ephemeral));
        assertThat(verifier.verify(token, FUNCTION, REQUEST).reason()).contains(ReasonCode.EXPIRED);
    }

    @Test
    void deniesAMalformedDelegation() {
        String token = WritCodec.encode(validWrit().build(), delegated(Fixtures.signer(), Fixtures.CLOCK));
        WritCodec.Parts parts = WritCodec.split(token);
        Map<String, Object> header = new LinkedHashMap<>(parts.header());
        header.put("dlg", Base64.getUrlEncoder().withoutPadding().encodeToString(
                Json.write(Map.of("not", "a jws")).getBytes(StandardCharsets.UTF_8)));
        String resigned = WritCodec.sign(header, parts.payload(), Fixtures.signer());
        assertThat(verifier.verify(resigned, FUNCTION, REQUEST).reason()).contains(ReasonCode.MALFORMED);
    }

    private static final class CountingSigner implements WritSigner {
        private final WritSigner inner;
        private final AtomicInteger count;

        CountingSigner(WritSigner inner, AtomicInteger count) {
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
