package dev.writ.guard.writ;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified writ: what a guarded handler receives. Only {@link WritVerifier} makes one, after
 * every check passed (signature under a trusted key, times, issuer, audience, request binding,
 * bound inputs, bundle revision, single use), so holding a {@code Writ} means it was verified.
 * Issuers build claims with {@link WritClaims#builder()} instead.
 */
public final class Writ {
    private final WritClaims claims;

    Writ(WritClaims claims) {
        this.claims = Objects.requireNonNull(claims);
    }

    /** The verified claims, for logging or forwarding. */
    public WritClaims claims() {
        return claims;
    }

    /** {@code iss}: the authorizer that issued the writ. */
    public String issuer() {
        return claims.issuer();
    }

    /** {@code sub}: the authenticated principal. */
    public String subject() {
        return claims.subject();
    }

    /** {@code aud}: names of the functions allowed to run this writ. */
    public List<String> audience() {
        return claims.audience();
    }

    /** {@code exp} as an instant. */
    public Instant expiry() {
        return claims.expiry();
    }

    /** {@code jti}: unique id, also the execution id in lineage. */
    public String id() {
        return claims.id();
    }

    /** {@code act}: the Cedar action that was authorized. */
    public Optional<String> action() {
        return claims.action();
    }

    /** {@code res}: the Cedar resource that was authorized. */
    public Optional<String> resource() {
        return claims.resource();
    }

    /** {@code req}: the request binding, for writs issued for an HTTP request. */
    public Optional<RequestBinding> request() {
        return claims.request();
    }

    /** {@code pol}: the deciding bundle and policies. */
    public Optional<PolicyRef> policy() {
        return claims.policy();
    }

    /** {@code txn}: the transaction id carried across hops. */
    public Optional<String> transaction() {
        return claims.transaction();
    }

    /** {@code par}: the parent writ id when a guarded function called another. */
    public Optional<String> parent() {
        return claims.parent();
    }

    /** {@code act} (RFC 8693): the functions acting for the subject, newest first, on a hop's writ. */
    public Optional<Actor> actor() {
        return claims.actor();
    }

    /** {@code scp}: the runtime scope, when the issuer set one. */
    public Optional<Scope> scope() {
        return claims.scope();
    }

    /** {@code one}: single use; the guard consumed {@code jti} in the replay table. */
    public boolean singleUse() {
        return claims.singleUse();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Writ && claims.equals(((Writ) o).claims);
    }

    @Override
    public int hashCode() {
        return claims.hashCode();
    }

    @Override
    public String toString() {
        return "Writ" + claims.toJson();
    }
}
