package dev.writ.guard.verify;

import dev.writ.guard.writ.Writ;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying a writ: allowed with its claims, or denied with a reason code and a
 * detail for logs (never shown to callers).
 */
public final class Verification {

    /** The code reported for an allowed writ. */
    public static final String ALLOWED = "ALLOWED";

    private final ReasonCode reason;
    private final String detail;
    private final Writ writ;

    private Verification(ReasonCode reason, String detail, Writ writ) {
        this.reason = reason;
        this.detail = detail;
        this.writ = writ;
    }

    /** An allowed writ. */
    public static Verification allowed(Writ writ) {
        return new Verification(null, "verified", Objects.requireNonNull(writ));
    }

    /** A denial before the writ's signature was established. */
    public static Verification denied(ReasonCode reason, String detail) {
        return new Verification(Objects.requireNonNull(reason), detail, null);
    }

    /** A denial of a writ whose signature verified (its claims are authentic, just not acceptable). */
    public static Verification denied(ReasonCode reason, String detail, Writ authenticWrit) {
        return new Verification(Objects.requireNonNull(reason), detail, authenticWrit);
    }

    /** True when the writ passed every check. */
    public boolean isAllowed() {
        return reason == null;
    }

    /** The reason for a denial; empty when allowed. */
    public Optional<ReasonCode> reason() {
        return Optional.ofNullable(reason);
    }

    /** {@value #ALLOWED} or the reason code's name. */
    public String code() {
        return reason == null ? ALLOWED : reason.name();
    }

    /** What exactly failed, for logs and lineage; never sent to the caller. */
    public String detail() {
        return detail;
    }

    /**
     * The claims, present when the signature verified: always when allowed, and for denials from
     * {@link ReasonCode#EXPIRED} onwards. Never present for a writ that was not proven authentic.
     */
    public Optional<Writ> writ() {
        return Optional.ofNullable(writ);
    }

    @Override
    public String toString() {
        return code() + ": " + detail;
    }
}
