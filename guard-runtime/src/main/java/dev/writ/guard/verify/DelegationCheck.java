package dev.writ.guard.verify;

import com.nimbusds.jose.JOSEException;
import dev.writ.guard.keys.KeyUnavailableException;
import dev.writ.guard.keys.VerificationKey;
import dev.writ.guard.sign.SigningAlgorithm;
import dev.writ.guard.writ.Delegation;
import dev.writ.guard.writ.MalformedWritException;
import dev.writ.guard.writ.Writ;
import dev.writ.guard.writ.WritCodec;
import dev.writ.guard.writ.WritHeader;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the {@code dlg} header of a {@code kms-delegated} writ: the delegation must be signed
 * by an allow-listed KMS key, be within its (at most 15 minute) validity, be issued for the
 * writ's issuer, and name the key the writ is signed with. Verified delegations are cached by
 * their exact text (times are re-checked on every use) so a warm container pays one extra
 * signature check per delegation, not per writ.
 */
final class DelegationCheck {

    private static final int CACHE_LIMIT = 16;

    private final VerifierConfig config;
    private final Map<String, Outcome> verified = new ConcurrentHashMap<>();

    DelegationCheck(VerifierConfig config) {
        this.config = config;
    }

    /** Either the delegated key (with its authentic delegation) or the denial. */
    record Outcome(VerificationKey key, Delegation delegation, Verification denial) {
        static Outcome deny(ReasonCode code, String detail) {
            return new Outcome(null, null, Verification.denied(code, "delegation: " + detail));
        }
    }

    Outcome check(WritHeader writHeader, Writ writ, long now) {
        Outcome delegated = verified.get(writHeader.delegation());
        if (delegated == null) {
            delegated = verifySignature(writHeader.delegation());
            if (delegated.denial() != null) {
                return delegated;
            }
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
            verified.put(writHeader.delegation(), delegated);
        }
        Delegation d = delegated.delegation();
        long skew = config.clockSkew.getSeconds();
        if (d.expiresAt() - d.issuedAt() > VerifierConfig.MAX_DELEGATION_LIFETIME.getSeconds()) {
            return Outcome.deny(ReasonCode.EXPIRED, "validity exceeds " + VerifierConfig.MAX_DELEGATION_LIFETIME);
        }
        if (now > d.expiresAt() + skew) {
            return Outcome.deny(ReasonCode.EXPIRED, "delegation expired");
        }
        if (now + skew < d.issuedAt()) {
            return Outcome.deny(ReasonCode.NOT_YET_VALID, "delegation issued in the future");
        }
        if (!d.issuer().equals(writ.issuer()) || !config.trustedIssuers.contains(d.issuer())) {
            return Outcome.deny(ReasonCode.WRONG_ISSUER, "delegation is for another or an untrusted issuer");
        }
        if (!d.publicKey().getKeyID().equals(writHeader.keyId())) {
            return Outcome.deny(ReasonCode.UNKNOWN_KEY, "writ kid does not name the delegated key");
        }
        if (!SigningAlgorithm.ES256.name().equals(writHeader.alg())) {
            return Outcome.deny(ReasonCode.UNSUPPORTED_ALG, "delegated writs must be ES256");
        }
        return delegated;
    }

    /** The delegated key when the delegation is authentic (times not yet checked), else the denial. */
    private Outcome verifySignature(String delegationToken) {
        WritCodec.Parts parts;
        WritHeader header;
        Delegation delegation;
        try {
            parts = WritCodec.split(delegationToken);
            header = WritHeader.parse(parts.header());
            delegation = Delegation.fromClaims(parts.payload());
        } catch (MalformedWritException e) {
            return Outcome.deny(ReasonCode.MALFORMED, e.getMessage());
        }
        if (SigningAlgorithm.fromJwsName(header.alg()).isEmpty() || !header.hasType(Delegation.TYPE)
                || !header.critical().isEmpty() || header.delegation() != null
                || header.names().stream().anyMatch(WritVerifier.FORBIDDEN_HEADERS::contains)) {
            return Outcome.deny(ReasonCode.UNSUPPORTED_ALG, "header must be typ " + Delegation.TYPE
                    + " with an allowed alg and no crit, dlg or key members");
        }
        VerificationKey certifier;
        try {
            Optional<VerificationKey> key = header.keyId() == null ? Optional.empty() : config.keys.resolve(header.keyId());
            if (key.isEmpty()) {
                return Outcome.deny(ReasonCode.UNKNOWN_KEY, "certifying kid is not on the allow-list");
            }
            certifier = key.get();
        } catch (KeyUnavailableException e) {
            return Outcome.deny(ReasonCode.UNKNOWN_KEY, e.getMessage());
        }
        SigningAlgorithm alg = SigningAlgorithm.fromJwsName(header.alg()).orElseThrow();
        if (!SignatureCheck.isCanonical(alg, parts.signature())) {
            return Outcome.deny(ReasonCode.BAD_SIGNATURE, SignatureCheck.HIGH_S);
        }
        if (!certifier.algorithms().contains(alg)
                || !SignatureCheck.verify(alg, certifier.publicKey(), parts.signingInput(), parts.signature())) {
            return Outcome.deny(ReasonCode.BAD_SIGNATURE, "delegation signature does not verify");
        }
        try {
            return new Outcome(VerificationKey.of(delegation.publicKey().getKeyID(),
                    delegation.publicKey().toECPublicKey(), EnumSet.of(SigningAlgorithm.ES256)), delegation, null);
        } catch (JOSEException | IllegalArgumentException e) {
            return Outcome.deny(ReasonCode.MALFORMED, "delegated key is not a valid P-256 key");
        }
    }
}
