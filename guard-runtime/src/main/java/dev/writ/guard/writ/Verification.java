package dev.writ.guard.writ;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying a writ: allowed with the verified {@link Writ}, or denied with a reason
 * code and a detail for logs (never shown to callers). Only {@link WritVerifier} makes one.
 */
public final class Verification {

    /** The code reported for an allowed writ. */
    public static final String ALLOWED = "ALLOWED";

    private final ReasonCode reason;
    private final String detail;
    private final WritClaims claims;

    private Verification(ReasonCode reason, String detail, WritClaims claims) {
        this.reason = reason;
        this.detail = detail;
        this.claims = claims;
    }

    static Verification allowed(WritClaims claims) {
        return new Verification(null, "verified", Objects.requireNonNull(claims));
    }

    /** A denial before the writ's signature was established (or of no writ at all). */
    public static Verification denied(ReasonCode reason, String detail) {
        return new Verification(Objects.requireNonNull(reason), detail, null);
    }

    /** A denial of a writ whose signature verified: its claims are authentic, just not acceptable. */
    public static Verification denied(ReasonCode reason, String detail, WritClaims authentic) {
        return new Verification(Objects.requireNonNull(reason), detail, authentic);
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

    /** The verified writ; present only when allowed. */
    public Optional<Writ> writ() {
        return reason == null ? Optional.of(new Writ(claims)) : Optional.empty();
    }

    /**
     * The authentic claims: present when the signature verified, so always when allowed and for
     * denials from {@link ReasonCode#EXPIRED} onwards; never for a writ not proven authentic.
     */
    public Optional<WritClaims> claims() {
        return Optional.ofNullable(claims);
    }

    @Override
    public String toString() {
        return code() + ": " + detail;
    }
}
