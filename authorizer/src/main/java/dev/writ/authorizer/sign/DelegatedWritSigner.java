package dev.writ.authorizer.sign;

import dev.writ.core.jose.CompactJws;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.json.Json;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.Delegation;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;


/**
 * The {@code kms-delegated} signing mode: an ephemeral key signs writs locally, and a
 * certifier (normally a {@link KmsSigner}) signs a short-lived {@link Delegation} of its
 * public key, carried in each writ's {@code dlg} header. KMS is called once per delegation
 * period instead of once per writ. The key is renewed, lazily on use, once less than
 * {@code renewBefore} of its validity is left, so every writ it signed can still be verified
 * until that writ expires.
 *
 * <p>{@link #create} makes the ephemeral key of the certifier's kind: RSA 2048 signing PS256 under an
 * RSA certifier (every guard verifies it on the JDK in ~50 µs of CPU), P-256 signing ES256 under a
 * P-256 one (~0.8–1.8 ms on JDK 17's SunEC): benchmarks/RESULTS.md, "The default algorithm".
 * {@link #compact} makes a P-256 key under any certifier: its writs are ~1,000 characters smaller
 * under an RSA certifier (the delegation carries a 2048-bit modulus, the writ a 256-byte
 * signature otherwise), which is what lets a child writ fit Lambda's client context.
 */
public final class DelegatedWritSigner implements Signer {

    /** Longest delegation validity a guard accepts. */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(15);

    private final Signer certifier;
    private final SigningAlgorithm ephemeralAlgorithm;
    private final String issuer;
    private final Duration validity;
    private final Duration renewBefore;
    private final Clock clock;
    private volatile Snapshot current;

    private DelegatedWritSigner(Signer certifier, SigningAlgorithm ephemeralAlgorithm, String issuer, Duration validity,
                                Duration renewBefore, Clock clock) {
        this.certifier = Objects.requireNonNull(certifier);
        this.ephemeralAlgorithm = ephemeralAlgorithm;
        this.issuer = Objects.requireNonNull(issuer);
        if (validity.compareTo(MAX_VALIDITY) > 0 || renewBefore.compareTo(validity) >= 0 || renewBefore.isNegative()) {
            throw new IllegalArgumentException("need renewBefore < validity <= " + MAX_VALIDITY);
        }
        this.validity = validity;
        this.renewBefore = renewBefore;
        this.clock = clock;
    }

    /**
     * A delegated signer whose ephemeral key is of the certifier's kind: PS256 under an RSA
     * certifier, ES256 under a P-256 one.
     *
     * @param certifier   signs the delegations (a KMS signer in production)
     * @param issuer      the {@code iss} of the writs this signer will sign
     * @param validity    delegation validity, at most 15 minutes
     * @param renewBefore renew when less than this is left: at least the writ lifetime cap plus clock skew
     */
    public static DelegatedWritSigner create(Signer certifier, String issuer, Duration validity,
                                             Duration renewBefore, Clock clock) {
        SigningAlgorithm ephemeral = certifier.algorithm().isRsa() ? SigningAlgorithm.PS256 : SigningAlgorithm.ES256;
        return new DelegatedWritSigner(certifier, ephemeral, issuer, validity, renewBefore, clock);
    }

    /**
     * A delegated signer whose ephemeral key is P-256 (ES256) under any certifier: the smallest
     * delegated writ, for writs that travel where space is short (Lambda's client context). Its
     * writs cost a JDK guard an ES256 verification (~0.8 ms of CPU) instead of PS256's ~50 µs.
     * Parameters as {@link #create}.
     */
    public static DelegatedWritSigner compact(Signer certifier, String issuer, Duration validity,
                                              Duration renewBefore, Clock clock) {
        return new DelegatedWritSigner(certifier, SigningAlgorithm.ES256, issuer, validity, renewBefore, clock);
    }

    @Override
    public Signer current() {
        Snapshot snapshot = current;
        long now = clock.instant().getEpochSecond();
        if (snapshot == null || now >= snapshot.renewAt) {
            synchronized (this) {
                snapshot = current;
                if (snapshot == null || now >= snapshot.renewAt) {
                    snapshot = delegate(now);
                    current = snapshot;
                }
            }
        }
        return snapshot;
    }

    @Override
    public String keyId() {
        return current().keyId();
    }

    @Override
    public SigningAlgorithm algorithm() {
        return ephemeralAlgorithm;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        return current().sign(signingInput);
    }

    @Override
    public Map<String, Object> protectedHeader() {
        return current().protectedHeader();
    }

    private Snapshot delegate(long now) {
        LocalSigner ephemeral = LocalSigner.ephemeral(ephemeralAlgorithm);
        long expires = now + validity.getSeconds();
        Map<String, Object> publicJwk = new LinkedHashMap<>(Json.parseObject(ephemeral.publicJwk()));
        // A guard reads neither: the key's type fixes its one algorithm. Each byte of the delegation
        // costs ~1.8 in Lambda's client context (base64 inside the header, base64 again around it).
        publicJwk.remove("use");
        publicJwk.remove("alg");
        Delegation delegation = new Delegation(issuer, now, expires, publicJwk);
        String token = CompactJws.sign(Map.of("typ", Delegation.TYPE), delegation.toJson(), certifier);
        return new Snapshot(ephemeral, token, expires - renewBefore.getSeconds());
    }

    /** One ephemeral key and its delegation; immutable. */
    private static final class Snapshot implements Signer {
        private final LocalSigner key;
        private final String delegation;
        private final long renewAt;

        Snapshot(LocalSigner key, String delegation, long renewAt) {
            this.key = key;
            this.delegation = delegation;
            this.renewAt = renewAt;
        }

        @Override
        public String keyId() {
            return key.keyId();
        }

        @Override
        public SigningAlgorithm algorithm() {
            return key.algorithm();
        }

        @Override
        public byte[] sign(byte[] signingInput) {
            return key.sign(signingInput);
        }

        @Override
        public Map<String, Object> protectedHeader() {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put(Delegation.HEADER, delegation);
            header.put("crit", List.of(Delegation.HEADER));
            return header;
        }
    }
}
