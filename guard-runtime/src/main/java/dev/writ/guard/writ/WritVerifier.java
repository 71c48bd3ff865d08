package dev.writ.guard.writ;

import dev.writ.core.jose.Jws;
import dev.writ.core.jose.JwsVerification;
import dev.writ.core.jose.JwsVerifier;
import dev.writ.core.jose.MalformedJwsException;
import dev.writ.core.keys.KeyUnavailableException;
import dev.writ.core.keys.VerificationKey;
import dev.writ.guard.replay.ReplayStoreUnavailableException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies writs. Built once from a {@link VerifierConfig}; then {@link #verify} runs every check
 * of the design, in order, and returns a {@link Verification}. It never throws for a bad writ,
 * and anything unexpected becomes {@link ReasonCode#INTERNAL_ERROR}: a denial, never a pass.
 *
 * <p>The single-use check runs last because it is the only one with a side effect: a writ that
 * fails any other check must not burn its {@code jti}.
 */
public final class WritVerifier {

    /** The header rules of a writ: typ {@value WritCodec#TYPE}; the one extension understood, the delegation. */
    private static final JwsVerifier HEADER_RULES = JwsVerifier.headerRules(WritCodec.TYPE, Set.of(Delegation.HEADER));

    private final VerifierConfig config;
    private final DelegationCheck delegations;

    /** A verifier that trusts exactly what {@code config} says. */
    public WritVerifier(VerifierConfig config) {
        this.config = Objects.requireNonNull(config);
        this.delegations = new DelegationCheck(config);
    }

    /**
     * As {@link #verify(String, String, RequestBinding, RequestInputs)} for an event with no
     * readable inputs: a writ that binds any ({@code in}) is then a {@code REQUEST_MISMATCH}.
     */
    public Verification verify(String token, String functionName, RequestBinding request) {
        return verify(token, functionName, request, RequestInputs.NONE);
    }

    /**
     * Verifies {@code token} for a function.
     *
     * @param token        the compact writ, or null when the event carried none
     * @param functionName this function's name, which must be in {@code aud}
     * @param request      the HTTP request of the event (method, path, API, stage, query hash),
     *                     or null when the event is not an HTTP request
     * @param inputs       the event's values for the writ's bound inputs ({@code in}): headers,
     *                     query values, source address, direct-invoke payload
     */
    public Verification verify(String token, String functionName, RequestBinding request, RequestInputs inputs) {
        return verify(token, FunctionIdentity.named(functionName), request, inputs);
    }

    /**
     * As {@link #verify(String, String, RequestBinding, RequestInputs)} for a function known by name
     * and ARN: {@code aud} must name it by either ({@link FunctionIdentity#isIn}).
     */
    public Verification verify(String token, FunctionIdentity function, RequestBinding request, RequestInputs inputs) {
        return verifyAgainst(token, function, new EventBinding(request, inputs));
    }

    /**
     * Verifies a writ that {@code functionName} presents as the one its running execution holds: the
     * parent of a hop, at the writ exchange. Every check of {@link #verify} runs except the two that
     * only the function's triggering event can answer, and that its guard answered when the
     * execution began: the binding to that event ({@code req}, {@code in}: {@code REQUEST_MISMATCH})
     * and the consumption of a single-use writ (its guard consumed it; consuming it again would
     * refuse every hop as {@code REPLAYED}).
     */
    public Verification verifyHeld(String token, String functionName) {
        return verifyHeld(token, FunctionIdentity.named(functionName));
    }

    /** As {@link #verifyHeld(String, String)} for a function known by name and ARN. */
    public Verification verifyHeld(String token, FunctionIdentity function) {
        return verifyAgainst(token, function, null);
    }

    /** The event a writ is checked against; null for a writ the execution already holds. */
    private record EventBinding(RequestBinding request, RequestInputs inputs) {
    }

    private Verification verifyAgainst(String token, FunctionIdentity function, EventBinding event) {
        try {
            return check(token, function, event);
        } catch (RuntimeException e) {
            return Verification.denied(ReasonCode.INTERNAL_ERROR, "verifier failed: " + e.getClass().getName());
        }
    }

    private Verification check(String token, FunctionIdentity function, EventBinding event) {
        if (token == null || token.isBlank()) {
            return Verification.denied(ReasonCode.MISSING_WRIT, "no writ in the event");
        }
        Jws jws;
        WritClaims claims;
        try {
            jws = WritCodec.parse(token.strip());
            claims = WritClaims.fromJson(jws.payload());
        } catch (MalformedWritException | MalformedJwsException e) {
            return Verification.denied(ReasonCode.MALFORMED, e.getMessage());
        }
        Optional<JwsVerification> headerProblem = HEADER_RULES.checkHeader(jws.header());
        if (headerProblem.isPresent()) {
            return denied(headerProblem.get());
        }
        long now = config.clock.instant().getEpochSecond();
        VerificationKey key;
        String delegation = jws.header().string(Delegation.HEADER);
        if (delegation != null) {
            DelegationCheck.Result delegated = delegations.check(delegation, jws.header(), claims, now);
            if (delegated.denial() != null) {
                return delegated.denial();
            }
            key = delegated.key();
        } else {
            if (jws.header().keyId() == null) {
                return Verification.denied(ReasonCode.UNKNOWN_KEY, "no kid in the header");
            }
            try {
                Optional<VerificationKey> resolved = config.keys.resolve(jws.header().keyId());
                if (resolved.isEmpty()) {
                    return Verification.denied(ReasonCode.UNKNOWN_KEY, "kid is not on the allow-list");
                }
                key = resolved.get();
            } catch (KeyUnavailableException e) {
                return Verification.denied(ReasonCode.UNKNOWN_KEY, e.getMessage());
            }
        }
        Optional<JwsVerification> badSignature = JwsVerifier.checkSignature(jws, key);
        if (badSignature.isPresent()) {
            return denied(badSignature.get());
        }
        return checkClaims(claims, now, function, event);
    }

    /** A refusal of the JWS layer as the writ's reason code (the codes are the same words). */
    static Verification denied(JwsVerification refused) {
        return Verification.denied(ReasonCode.valueOf(refused.failure().orElseThrow().name()), refused.detail());
    }

    private Verification checkClaims(WritClaims writ, long now, FunctionIdentity function, EventBinding event) {
        long skew = config.clockSkew.getSeconds();
        if (writ.expiresAt() < writ.issuedAt()) {
            return Verification.denied(ReasonCode.EXPIRED, "exp is before iat", writ);
        }
        if (writ.expiresAt() - writ.issuedAt() > config.maxLifetime.getSeconds()) {
            return Verification.denied(ReasonCode.EXPIRED, "lifetime of " + (writ.expiresAt() - writ.issuedAt())
                    + " s exceeds the cap of " + config.maxLifetime.getSeconds() + " s", writ);
        }
        if (now > writ.expiresAt() + skew) {
            return Verification.denied(ReasonCode.EXPIRED, "expired at " + Instant.ofEpochSecond(writ.expiresAt()), writ);
        }
        if (writ.notBefore().isPresent() && now + skew < writ.notBefore().get()) {
            return Verification.denied(ReasonCode.NOT_YET_VALID,
                    "not valid before " + Instant.ofEpochSecond(writ.notBefore().get()), writ);
        }
        if (now + skew < writ.issuedAt()) {
            return Verification.denied(ReasonCode.NOT_YET_VALID, "issued in the future", writ);
        }
        if (!config.trustedIssuers.contains(writ.issuer())) {
            return Verification.denied(ReasonCode.WRONG_ISSUER, "issuer is not trusted", writ);
        }
        if (!function.isIn(writ.audience())) {
            return Verification.denied(ReasonCode.WRONG_AUDIENCE, "function " + function + " is not in aud", writ);
        }
        Optional<String> mismatch = event == null ? Optional.empty()
                : RequestMatch.mismatch(writ.request().orElse(null), event.request())
                        .or(() -> RequestMatch.inputMismatch(writ.inputs(), event.inputs()));
        if (mismatch.isPresent()) {
            return Verification.denied(ReasonCode.REQUEST_MISMATCH, mismatch.get(), writ);
        }
        Optional<String> revoked = revokedBundle(writ.policy().orElse(null));
        if (revoked.isPresent()) {
            return Verification.denied(ReasonCode.REVOKED_BUNDLE, revoked.get(), writ);
        }
        if (writ.singleUse() && event != null) {
            return consume(writ, skew);
        }
        return Verification.allowed(writ);
    }

    private Optional<String> revokedBundle(PolicyRef policy) {
        if (config.minimumBundleRevisions.isEmpty()) {
            return Optional.empty();
        }
        if (policy == null) {
            return Optional.of("a minimum bundle revision is configured but the writ has no pol claim");
        }
        Long minimum = config.minimumBundleRevisions.getOrDefault(policy.bundle(),
                config.minimumBundleRevisions.get(VerifierConfig.ANY_BUNDLE));
        if (minimum != null && policy.revision() < minimum) {
            return Optional.of("bundle " + policy.bundle() + " revision " + policy.revision()
                    + " is below the minimum " + minimum);
        }
        return Optional.empty();
    }

    private Verification consume(WritClaims writ, long skew) {
        if (config.replayStore == null) {
            return Verification.denied(ReasonCode.REPLAY_UNAVAILABLE, "single-use writ but no replay table is configured", writ);
        }
        try {
            if (!config.replayStore.consume(writ.id(), Instant.ofEpochSecond(writ.expiresAt() + skew))) {
                return Verification.denied(ReasonCode.REPLAYED, "jti was already consumed", writ);
            }
        } catch (ReplayStoreUnavailableException e) {
            return Verification.denied(ReasonCode.REPLAY_UNAVAILABLE, e.getMessage(), writ);
        }
        return Verification.allowed(writ);
    }

}
