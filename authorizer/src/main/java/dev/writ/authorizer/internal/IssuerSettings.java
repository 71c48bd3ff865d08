package dev.writ.authorizer.internal;

import dev.writ.core.jose.Signer;
import dev.writ.guard.lineage.LineageBacklog;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.policy.eval.PolicyBundle;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every engine that mints writs is built from: the bundle (or why there is none), the signer
 * and issuer of its writs, their longest life, the clock, the lineage its answers are appended to
 * and the log it writes. The authorizer's and the writ exchange's builders both extend
 * {@link Builder}, so the two are configured, and fail closed on a missing part, the same way.
 */
public final class IssuerSettings {

    private final Optional<PolicyBundle> bundle;
    private final String bundleProblem;
    private final Supplier<Signer> signer;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final LineageBacklog lineage;
    private final String name;
    private final PrintStream log;
    private final String misconfigured;

    private IssuerSettings(Builder<?> b) {
        this.bundle = Optional.ofNullable(b.bundle);
        this.bundleProblem = b.bundleProblem == null ? "no bundle" : b.bundleProblem;
        this.signer = b.signer;
        this.issuer = b.issuer;
        this.lifetime = b.lifetime;
        this.clock = b.clock;
        this.lineage = b.lineage == null ? null : LineageBacklog.create(b.lineage);
        this.name = b.name;
        this.log = b.log;
        this.misconfigured = b.misconfigured;
    }

    /** The loaded bundle; empty when there is none ({@link #bundleProblem()} says why). */
    public Optional<PolicyBundle> bundle() {
        return bundle;
    }

    public String bundleProblem() {
        return bundleProblem;
    }

    /** Null when none was configured ({@link #problem} then names it). */
    public Supplier<Signer> signer() {
        return signer;
    }

    /** Null when none was configured ({@link #problem} then names it). */
    public String issuer() {
        return issuer;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public Clock clock() {
        return clock;
    }

    /** Where answers are appended after they are handed back; null when lineage is off. */
    public LineageBacklog lineage() {
        return lineage;
    }

    /** The lineage chain name prefix. */
    public String name() {
        return name;
    }

    public PrintStream log() {
        return log;
    }

    /**
     * Why the engine cannot work, so that it refuses everything with {@code MISCONFIGURED}: the
     * problem it was built with, else {@code ownProblem} (what the engine itself lacks, null when
     * nothing), else a missing signer or issuer; null when it can work.
     */
    public String problem(String ownProblem) {
        if (misconfigured != null) {
            return misconfigured;
        }
        if (ownProblem != null) {
            return ownProblem;
        }
        return signer == null ? "no signer configured" : issuer == null ? "no writ issuer configured" : null;
    }

    /**
     * Writes the records earlier answers could not write; empty when they are written (or lineage
     * is off), else why not: then the engine refuses with {@code LINEAGE_UNAVAILABLE}.
     */
    public Optional<String> backlogFailure() {
        return lineage == null ? Optional.empty() : lineage.writePendingOrFailure();
    }

    /** The part of an engine's builder that builds its {@link IssuerSettings}. */
    public abstract static class Builder<B extends Builder<B>> {
        private PolicyBundle bundle;
        private String bundleProblem;
        private Supplier<Signer> signer;
        private String issuer;
        private Duration lifetime = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private LineageRecorder lineage;
        private String name;
        private PrintStream log = System.out;
        private String misconfigured;

        /** @param defaultName the lineage chain name prefix unless {@link #name} sets another */
        protected Builder(String defaultName) {
            this.name = defaultName;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The settings as built so far. */
        protected IssuerSettings settings() {
            return new IssuerSettings(this);
        }

        /** The loaded bundle: its routes, tools, hops and policies. */
        public B bundle(PolicyBundle bundle) {
            this.bundle = Objects.requireNonNull(bundle);
            return self();
        }

        /** No usable bundle, and why: everything is refused with {@code BUNDLE_INVALID}. */
        public B bundleProblem(String problem) {
            this.bundle = null;
            this.bundleProblem = problem;
            return self();
        }

        /** The writ signer; called per writ, may fail (then that answer is {@code SIGNING_FAILED}, and the next call retries). */
        public B signer(Supplier<Signer> signer) {
            this.signer = signer;
            return self();
        }

        /** {@code iss} of the writs (the exchange's children carry the authorizer's, so guards need no new trust). */
        public B issuer(String issuer) {
            this.issuer = issuer;
            return self();
        }

        /** Longest writ life (default 60 s); a child never outlives its parent either. */
        public B lifetime(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("lifetime must be positive");
            }
            this.lifetime = lifetime;
            return self();
        }

        public B clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return self();
        }

        /** Where answers are appended; none (the default) appends nothing. */
        public B lineage(LineageRecorder lineage) {
            this.lineage = lineage;
            return self();
        }

        /** The lineage chain name prefix ({@code authorizer} gives chains {@code authorizer#<n>}). */
        public B name(String name) {
            this.name = Objects.requireNonNull(name);
            return self();
        }

        /** Where the one-line JSON log of each answer goes (default stdout). */
        public B log(PrintStream log) {
            this.log = Objects.requireNonNull(log);
            return self();
        }

        /** The configuration is unusable: everything is refused with {@code MISCONFIGURED}. */
        public B misconfigured(String problem) {
            this.misconfigured = problem;
            return self();
        }
    }
}
