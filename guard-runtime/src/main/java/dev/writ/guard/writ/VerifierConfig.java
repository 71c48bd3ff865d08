package dev.writ.guard.writ;

import dev.writ.core.keys.KeyResolver;
import dev.writ.guard.replay.ReplayStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link WritVerifier} trusts, fixed when the verifier is built: keys, issuers,
 * clock skew, lifetime cap, minimum bundle revisions and the replay store.
 */
public final class VerifierConfig {

    /** Default allowed clock skew. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** Default hard cap on a writ's lifetime ({@code exp - iat}). */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(300);
    /** Longest validity a {@code kms-delegated} delegation may have. */
    public static final Duration MAX_DELEGATION_LIFETIME = Duration.ofMinutes(15);
    /** Key of {@link Builder#minimumBundleRevisions} that applies to every bundle. */
    public static final String ANY_BUNDLE = "*";

    final KeyResolver keys;
    final Set<String> trustedIssuers;
    final Duration clockSkew;
    final Duration maxLifetime;
    final Map<String, Long> minimumBundleRevisions;
    final ReplayStore replayStore;
    final Clock clock;

    private VerifierConfig(Builder b) {
        this.keys = Objects.requireNonNull(b.keys, "keys: a KeyResolver is required");
        this.trustedIssuers = Set.copyOf(b.trustedIssuers);
        if (trustedIssuers.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted issuer is required");
        }
        this.clockSkew = requireNonNegative(b.clockSkew, "clockSkew");
        this.maxLifetime = requireNonNegative(b.maxLifetime, "maxLifetime");
        this.minimumBundleRevisions = Map.copyOf(b.minimumBundleRevisions);
        this.replayStore = b.replayStore;
        this.clock = Objects.requireNonNull(b.clock, "clock");
    }

    private static Duration requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration");
        }
        return d;
    }

    /** A new builder with the defaults of the design (30 s skew, 300 s lifetime cap, system clock). */
    public static Builder builder() {
        return new Builder();
    }

    /** The replay store, when single-use writs can be honoured. */
    public Optional<ReplayStore> replayStore() {
        return Optional.ofNullable(replayStore);
    }

    /** The allowed clock skew. */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** Builds a {@link VerifierConfig}. */
    public static final class Builder {
        private KeyResolver keys;
        private Set<String> trustedIssuers = Set.of();
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration maxLifetime = DEFAULT_MAX_LIFETIME;
        private Map<String, Long> minimumBundleRevisions = Map.of();
        private ReplayStore replayStore;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where trusted public keys come from (required). */
        public Builder keys(KeyResolver keys) {
            this.keys = keys;
            return this;
        }

        /** The issuers ({@code iss}) whose writs are accepted (at least one). */
        public Builder trustedIssuers(Set<String> issuers) {
            this.trustedIssuers = Set.copyOf(issuers);
            return this;
        }

        /** Allowed clock skew for {@code exp}, {@code nbf} and {@code iat} (default 30 s). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /** Hard cap on {@code exp - iat} (default 300 s). */
        public Builder maxLifetime(Duration cap) {
            this.maxLifetime = cap;
            return this;
        }

        /**
         * Minimum accepted revision per bundle name; the key {@value VerifierConfig#ANY_BUNDLE}
         * applies to every bundle. When any minimum is set, writs without {@code pol} are refused.
         */
        public Builder minimumBundleRevisions(Map<String, Long> minimums) {
            this.minimumBundleRevisions = Map.copyOf(minimums);
            return this;
        }

        /** Where single-use writs are consumed; without one, single-use writs are denied. */
        public Builder replayStore(ReplayStore store) {
            this.replayStore = store;
            return this;
        }

        /** The clock (tests and the CLI's {@code --now}). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public VerifierConfig build() {
            return new VerifierConfig(this);
        }
    }
}
