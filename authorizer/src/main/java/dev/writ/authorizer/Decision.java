package dev.writ.authorizer;

import dev.writ.guard.writ.WritClaims;
import java.util.Objects;
import java.util.Optional;

/**
 * One authorizer decision. {@link Effect#UNAUTHORIZED} means the caller was not authenticated
 * (REST APIs answer 401 for it); {@link Effect#DENY} that it was, or could not be, and is refused.
 *
 * @param effect      allow, deny or unauthorized
 * @param reason      the cause
 * @param detail      for logs only; never sent to the caller
 * @param principalId the token's {@code sub} when authenticated, else {@code "anonymous"}
 * @param writ        the issued writ's claims, on allow
 * @param token       the compact writ, on allow
 */
public record Decision(Effect effect, ReasonCode reason, String detail, String principalId,
                       Optional<WritClaims> writ, Optional<String> token) {

    /** The three answers an authorizer can give. */
    public enum Effect { ALLOW, DENY, UNAUTHORIZED }

    static final String ANONYMOUS = "anonymous";

    public Decision {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        principalId = principalId == null || principalId.isEmpty() ? ANONYMOUS : principalId;
    }

    static Decision allow(String principalId, WritClaims writ, String token) {
        return new Decision(Effect.ALLOW, ReasonCode.ALLOWED, "", principalId, Optional.of(writ), Optional.of(token));
    }

    static Decision deny(ReasonCode reason, String detail, String principalId) {
        return new Decision(Effect.DENY, reason, detail, principalId, Optional.empty(), Optional.empty());
    }

    static Decision unauthorized(ReasonCode reason, String detail) {
        return new Decision(Effect.UNAUTHORIZED, reason, detail, null, Optional.empty(), Optional.empty());
    }

    /** True only for an allow that carries a writ. */
    public boolean isAllowed() {
        return effect == Effect.ALLOW;
    }

    /** The effect in lower case, as lineage and log lines carry it: {@code allow}, {@code deny}, {@code unauthorized}. */
    public String effectName() {
        return effect.name().toLowerCase(java.util.Locale.ROOT);
    }
}
