package dev.writ.guard.hop;

import dev.writ.guard.writ.MalformedWritException;
import dev.writ.guard.writ.WritClaims;
import dev.writ.guard.writ.WritCodec;

/**
 * The child writs of one execution: asked from its {@link HopIssuer} once per (kind, target,
 * bound digest) and reused for later calls of the same execution while they live, except a
 * single-use one, which a second call could not use.
 */
final class ChildWrits {

    /** What a child writ is for: the same call to the same target with the same bound content, carried alike. */
    record Key(HopKind kind, String target, String digest, boolean inEnvelope) {
    }

    /** A child writ and what reuse needs to know of it. */
    record Child(String token, long expiresAtSeconds, boolean singleUse) {
    }

    private ChildWrits() {
    }

    /**
     * The child writ for one call of {@code execution}.
     *
     * @throws WritHopException when the execution has no single parent writ, or the exchange gives none
     */
    static String childFor(GuardedExecution execution, Key key) {
        if (execution.parentToken() == null) {
            throw new WritHopException(WritHopException.Reason.HOP_NOT_POSSIBLE, null, key.kind().wire() + " to " + key.target()
                    + ": the execution has no single parent writ (a batch with several writs: process it per record)");
        }
        long now = System.currentTimeMillis() / 1000;
        Child cached = execution.children().get(key);
        if (cached != null && !cached.singleUse() && now < cached.expiresAtSeconds()) {
            return cached.token();
        }
        HopRequest request = new HopRequest(execution.parentToken(), key.kind(), key.target(), key.digest(), key.inEnvelope());
        // As the guard: an SDK call the issuer makes (credentials, say) is not one of the execution's.
        String token = GuardedExecution.asGuard(() -> execution.issuer().issue(request));
        WritClaims claims;
        try {
            claims = WritCodec.decodeUnverified(token);
        } catch (MalformedWritException | NullPointerException e) {
            throw new WritHopException(WritHopException.Reason.HOP_UNAVAILABLE, null,
                    "the writ exchange answered something that is not a writ for " + key.kind().wire() + " to " + key.target(), e);
        }
        execution.children().put(key, new Child(token, claims.expiresAt(), claims.singleUse()));
        return token;
    }
}
