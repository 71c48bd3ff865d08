package dev.writ.core.jose;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying a compact JWS: verified with its parts, or refused with one
 * {@link JwsFailure} and a detail for logs.
 */
public final class JwsVerification {
    private final Jws jws;
    private final JwsFailure failure;
    private final String detail;

    private JwsVerification(Jws jws, JwsFailure failure, String detail) {
        this.jws = jws;
        this.failure = failure;
        this.detail = detail;
    }

    static JwsVerification verified(Jws jws) {
        return new JwsVerification(Objects.requireNonNull(jws), null, "verified");
    }

    static JwsVerification refused(JwsFailure failure, String detail) {
        return new JwsVerification(null, Objects.requireNonNull(failure), detail);
    }

    /** True when the signature verified under a trusted key and the header passed every rule. */
    public boolean isVerified() {
        return failure == null;
    }

    /** The verified token; empty when refused. */
    public Optional<Jws> jws() {
        return Optional.ofNullable(jws);
    }

    /** Why it was refused; empty when verified. */
    public Optional<JwsFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** What exactly failed, for logs; never echoes the token. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return (failure == null ? "VERIFIED" : failure.name()) + ": " + detail;
    }
}
