package dev.writ.guard.lineage;

import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Settings of the lineage writer. Defaults come from {@code WRIT_LINEAGE_*} variables
 * ({@link #fromEnvironment()}); every value can be set in the builder.
 *
 * <ul>
 *   <li>{@code WRIT_LINEAGE_TABLE} table name, default {@code writ-lineage}</li>
 *   <li>{@code WRIT_LINEAGE_SHARDS} chains per function, default 4</li>
 *   <li>{@code WRIT_LINEAGE_SHARD} pin this writer to one shard (default: one picked at random per writer)</li>
 *   <li>{@code WRIT_LINEAGE_MAX_ATTEMPTS} attempts per DynamoDB call on throttling or transport errors, default 4</li>
 *   <li>{@code WRIT_LINEAGE_MAX_CONFLICTS} lost races for the next seq before giving up, default 64</li>
 * </ul>
 */
public final class LineageConfig {
    public static final String DEFAULT_TABLE = "writ-lineage";

    private final String table;
    private final int shards;
    private final OptionalInt pinnedShard;
    private volatile int shard = -1;
    private final int maxAttempts;
    private final int maxConflicts;
    private final Duration backoffBase;
    private final Duration backoffMax;

    private LineageConfig(Builder b) {
        this.table = b.table;
        this.shards = b.shards;
        this.pinnedShard = b.shard;
        this.maxAttempts = b.maxAttempts;
        this.maxConflicts = b.maxConflicts;
        this.backoffBase = b.backoffBase;
        this.backoffMax = b.backoffMax;
        if (pinnedShard.isPresent() && pinnedShard.getAsInt() >= shards) {
            throw new IllegalArgumentException("shard " + pinnedShard.getAsInt() + " not below shard count " + shards);
        }
    }

    /** The lineage table. */
    public static final Variable TABLE = Variable.of("WRIT_LINEAGE_TABLE");
    /** Chains per function. */
    public static final Variable SHARDS = Variable.of("WRIT_LINEAGE_SHARDS");
    /** This writer's shard, pinned. */
    public static final Variable SHARD = Variable.of("WRIT_LINEAGE_SHARD");
    /** Attempts per DynamoDB call. */
    public static final Variable MAX_ATTEMPTS = Variable.of("WRIT_LINEAGE_MAX_ATTEMPTS");
    /** Lost races before CONTENTION. */
    public static final Variable MAX_CONFLICTS = Variable.of("WRIT_LINEAGE_MAX_CONFLICTS");

    /** Settings from {@code WRIT_LINEAGE_*} environment variables, defaults for the rest. */
    public static LineageConfig fromEnvironment() {
        return builder(Environment.system()).build();
    }

    /** A builder with defaults only (the environment is not read). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded from the environment's {@code WRIT_LINEAGE_*} variables. */
    public static Builder builder(Environment env) {
        Builder b = new Builder();
        env.string(TABLE).ifPresent(b::table);
        // A typo fails at start-up, naming the variable: it never falls back to a default.
        integer(env, SHARDS, 1).ifPresent(b::shards);
        OptionalInt shard = integer(env, SHARD, 0);
        if (shard.isPresent() && shard.getAsInt() >= b.shards) {
            throw new ConfigurationException(SHARD.name(), "must be below " + SHARDS.name() + " (" + b.shards + ")");
        }
        shard.ifPresent(b::shard);
        integer(env, MAX_ATTEMPTS, 1).ifPresent(b::maxAttempts);
        integer(env, MAX_CONFLICTS, 1).ifPresent(b::maxConflicts);
        return b;
    }

    private static OptionalInt integer(Environment env, Variable variable, int min) {
        return env.string(variable).isEmpty() ? OptionalInt.empty()
                : OptionalInt.of((int) env.number(variable, 0, min, Integer.MAX_VALUE));
    }

    public String table() { return table; }
    public int shards() { return shards; }
    /**
     * The shard this writer appends to, in {@code [0, shards)}: the pinned one, or one drawn with
     * {@link SecureRandom} on first use. Drawing at first use rather than at init matters under
     * SnapStart: every environment restored from one snapshot would otherwise share one chain
     * (and a {@code Random} seeded before the snapshot repeats its sequence after every restore).
     */
    public int shard() {
        int s = shard;
        if (s < 0) {
            synchronized (this) {
                if (shard < 0) {
                    shard = pinnedShard.isPresent() ? pinnedShard.getAsInt() : new SecureRandom().nextInt(shards);
                }
                s = shard;
            }
        }
        return s;
    }
    public int maxAttempts() { return maxAttempts; }
    public int maxConflicts() { return maxConflicts; }
    public Duration backoffBase() { return backoffBase; }
    public Duration backoffMax() { return backoffMax; }

    /** The chain this writer appends {@code function}'s records to. */
    public String chainFor(String function) {
        return function + "#" + shard();
    }

    public static final class Builder {
        private String table = DEFAULT_TABLE;
        private int shards = 4;
        private OptionalInt shard = OptionalInt.empty();
        private int maxAttempts = 4;
        private int maxConflicts = 64;
        private Duration backoffBase = Duration.ofMillis(10);
        private Duration backoffMax = Duration.ofMillis(500);

        private Builder() {
        }

        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder shards(int shards) {
            this.shards = positive(shards, "shards");
            return this;
        }

        /** Pins the shard (otherwise picked at random once per writer). */
        public Builder shard(int shard) {
            if (shard < 0) {
                throw new IllegalArgumentException("shard must not be negative");
            }
            this.shard = OptionalInt.of(shard);
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = positive(maxAttempts, "maxAttempts");
            return this;
        }

        public Builder maxConflicts(int maxConflicts) {
            this.maxConflicts = positive(maxConflicts, "maxConflicts");
            return this;
        }

        /** Base and cap of the full-jitter exponential backoff between attempts. */
        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = Objects.requireNonNull(base, "base");
            this.backoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        public LineageConfig build() {
            return new LineageConfig(this);
        }

        private static int positive(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return v;
        }
    }
}
