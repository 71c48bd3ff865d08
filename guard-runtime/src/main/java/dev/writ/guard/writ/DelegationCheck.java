package dev.writ.guard.writ;

import dev.writ.core.jose.JwsHeader;
import dev.writ.core.jose.JwsVerification;
import dev.writ.core.jose.JwsVerifier;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.keys.VerificationKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the {@code dlg} header of a {@code kms-delegated} writ: the delegation is a JWS of type
 * {@value Delegation#TYPE} checked by the one JWS path ({@link JwsVerifier}) under the allow-listed
 * keys, within its (at most 15 minute) validity, issued for the writ's issuer, naming the key the
 * writ is signed with. Verified delegations are cached by their exact text (times are re-checked on
 * every use) so a warm container pays one extra signature check per delegation, not per writ.
 */
final class DelegationCheck {

    private static final int CACHE_LIMIT = 16;

    private final VerifierConfig config;
    private final JwsVerifier delegations;
    private final Map<String, Result> verified = new ConcurrentHashMap<>();

    DelegationCheck(VerifierConfig config) {
        this.config = config;
        this.delegations = JwsVerifier.of(Delegation.TYPE, Set.of(), config.keys);
    }

    /** Either the delegated key (with its authentic delegation) or the denial. */
    record Result(VerificationKey key, Delegation delegation, Verification denial) {
        static Result deny(ReasonCode code, String detail) {
            return new Result(null, null, Verification.denied(code, "delegation: " + detail));
        }
    }

    Result check(String delegationToken, JwsHeader writHeader, WritClaims writ, long now) {
        Result delegated = verified.get(delegationToken);
        if (delegated == null) {
            delegated = verifySignature(delegationToken);
            if (delegated.denial() != null) {
                return delegated;
            }
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
            verified.put(delegationToken, delegated);
        }
        Delegation d = delegated.delegation();
        long skew = config.clockSkew.getSeconds();
        if (d.expiresAt() - d.issuedAt() > VerifierConfig.MAX_DELEGATION_LIFETIME.getSeconds()) {
            return Result.deny(ReasonCode.EXPIRED, "validity exceeds " + VerifierConfig.MAX_DELEGATION_LIFETIME);
        }
        if (now > d.expiresAt() + skew) {
            return Result.deny(ReasonCode.EXPIRED, "delegation expired");
        }
        if (now + skew < d.issuedAt()) {
            return Result.deny(ReasonCode.NOT_YET_VALID, "delegation issued in the future");
        }
        if (!d.issuer().equals(writ.issuer()) || !config.trustedIssuers.contains(d.issuer())) {
            return Result.deny(ReasonCode.WRONG_ISSUER, "delegation is for another or an untrusted issuer");
        }
        if (!delegated.key().keyId().equals(writHeader.keyId())) {
            return Result.deny(ReasonCode.UNKNOWN_KEY, "writ kid does not name the delegated key");
        }
        SigningAlgorithm alg = SigningAlgorithm.fromJwsName(writHeader.alg()).orElse(null);
        if (alg == null || !delegated.key().algorithms().contains(alg)) {
            return Result.deny(ReasonCode.UNSUPPORTED_ALG, "the delegated key signs " + delegated.key().algorithms()
                    + ", not " + writHeader.alg());
        }
        return delegated;
    }

    /** The delegated key when the delegation is authentic (times not yet checked), else the denial. */
    private Result verifySignature(String delegationToken) {
        JwsVerification checked = delegations.verify(delegationToken);
        if (!checked.isVerified()) {
            return Result.deny(ReasonCode.valueOf(checked.failure().orElseThrow().name()), checked.detail());
        }
        try {
            Delegation delegation = Delegation.fromJson(checked.jws().orElseThrow().payload());
            return new Result(delegation.key(), delegation, null);
        } catch (MalformedWritException e) {
            return Result.deny(ReasonCode.MALFORMED, e.getMessage());
        }
    }
}
