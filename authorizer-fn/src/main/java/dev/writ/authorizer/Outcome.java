package dev.writ.authorizer;

import dev.writ.guard.writ.WritClaims;
import java.util.Objects;
import java.util.Optional;

/**
 * One authorizer decision. {@link Decision#UNAUTHORIZED} means the caller was not authenticated
 * (REST APIs answer 401 for it); {@link Decision#DENY} that it was, or could not be, and is refused.
 *
 * @param decision    allow, deny or unauthorized
 * @param reason      the cause
 * @param detail      for logs only; never sent to the caller
 * @param principalId the token's {@code sub} when authenticated, else {@code "anonymous"}
 * @param writ        the issued writ's claims, on allow
 * @param token       the compact writ, on allow
 */
public record Outcome(Decision decision, Reason reason, String detail, String principalId,
                      Optional<WritClaims> writ, Optional<String> token) {

    /** The three answers an authorizer can give. */
    public enum Decision { ALLOW, DENY, UNAUTHORIZED }

    static final String ANONYMOUS = "anonymous";

    public Outcome {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        principalId = principalId == null || principalId.isEmpty() ? ANONYMOUS : principalId;
    }

    static Outcome allow(String principalId, WritClaims writ, String token) {
        return new Outcome(Decision.ALLOW, Reason.ALLOWED, "", principalId, Optional.of(writ), Optional.of(token));
    }

    static Outcome deny(Reason reason, String detail, String principalId) {
        return new Outcome(Decision.DENY, reason, detail, principalId, Optional.empty(), Optional.empty());
    }

    static Outcome unauthorized(Reason reason, String detail) {
        return new Outcome(Decision.UNAUTHORIZED, reason, detail, null, Optional.empty(), Optional.empty());
    }

    /** True only for an allow that carries a writ. */
    public boolean allowed() {
        return decision == Decision.ALLOW;
    }
}
