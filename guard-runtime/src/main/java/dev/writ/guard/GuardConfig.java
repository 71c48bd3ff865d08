package dev.writ.guard;

import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.KeyResolver;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.hop.HopIssuer;
import dev.writ.guard.hop.Hops;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.guard.internal.VerificationLog;
import dev.writ.guard.lineage.LineageConfig;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.guard.writ.VerifierConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;



/**
 * Configuration of a {@link Guard}. {@link #fromEnvironment()} reads the {@code WRIT_GUARD_*}
 * variables (and {@code WRIT_LINEAGE_*} for the lineage writer); there is deliberately no variable
 * that disables the guard. A setting that cannot guard anything stops the function's init with a
 * {@link ConfigurationException} naming the variable.
 *
 * <table>
 *   <caption>Environment (the name before 0.2, still read with a warning, in brackets)</caption>
 *   <tr><td>{@code WRIT_GUARD_TRUSTED_KEYS} ({@code WRIT_TRUSTED_KEYS})</td><td>comma-separated KMS key ARNs writs may be signed with</td></tr>
 *   <tr><td>{@code WRIT_GUARD_KEY_RETRY_AFTER_SECONDS} ({@code WRIT_KEY_RETRY_AFTER_SECONDS})</td><td>seconds a failed
 *       {@code GetPublicKey} is remembered, per key (default 5, from 1 to 60); meanwhile writs under that key are denied UNKNOWN_KEY</td></tr>
 *   <tr><td>{@code WRIT_GUARD_TRUSTED_JWKS} ({@code WRIT_TRUSTED_JWKS})</td><td>path of a local JWKS file (development)</td></tr>
 *   <tr><td>{@code WRIT_GUARD_TRUSTED_ISSUERS} ({@code WRIT_TRUSTED_ISSUERS})</td><td>comma-separated trusted {@code iss} values (required)</td></tr>
 *   <tr><td>{@code WRIT_GUARD_CLOCK_SKEW_SECONDS} ({@code WRIT_CLOCK_SKEW_SECONDS})</td><td>allowed clock skew in seconds (default 30)</td></tr>
 *   <tr><td>{@code WRIT_GUARD_MAX_LIFETIME_SECONDS} ({@code WRIT_MAX_LIFETIME_SECONDS})</td><td>cap on {@code exp - iat} in seconds (default 300)</td></tr>
 *   <tr><td>{@code WRIT_GUARD_MIN_BUNDLE_REVISION} ({@code WRIT_MIN_BUNDLE_REVISION})</td><td>{@code N} for every bundle, or {@code name=N,...}</td></tr>
 *   <tr><td>{@code WRIT_GUARD_REPLAY_TABLE} ({@code WRIT_REPLAY_TABLE})</td><td>DynamoDB table for single-use writs</td></tr>
 *   <tr><td>{@code WRIT_GUARD_FUNCTION_NAME} ({@code WRIT_FUNCTION_NAME})</td><td>the name checked against {@code aud};
 *       defaults to the Lambda function name. An ARN in {@code aud} (a Lambda hop's child) is checked against
 *       the ARN Lambda invoked the function as, whatever this name</td></tr>
 *   <tr><td>{@code WRIT_LINEAGE_TABLE}</td><td>lineage table; when set, every invocation is recorded and a
 *       verification record that cannot be written denies the invocation (LINEAGE_UNAVAILABLE)</td></tr>
 *   <tr><td>{@code WRIT_GUARD_EXCHANGE_URL}</td><td>the writ exchange (an IAM-authenticated function URL): the SDK
 *       calls user code makes to another guarded function, queue, topic, bus or state machine carry a child
 *       writ from it; unset, they carry none</td></tr>
 * </table>
 */
public final class GuardConfig {

    public static final Variable TRUSTED_KEYS = Variable.of("WRIT_GUARD_TRUSTED_KEYS", "WRIT_TRUSTED_KEYS");
    public static final Variable KEY_RETRY_AFTER =
            Variable.of("WRIT_GUARD_KEY_RETRY_AFTER_SECONDS", "WRIT_KEY_RETRY_AFTER_SECONDS");
    public static final Variable TRUSTED_JWKS = Variable.of("WRIT_GUARD_TRUSTED_JWKS", "WRIT_TRUSTED_JWKS");
    public static final Variable TRUSTED_ISSUERS = Variable.of("WRIT_GUARD_TRUSTED_ISSUERS", "WRIT_TRUSTED_ISSUERS");
    public static final Variable CLOCK_SKEW = Variable.of("WRIT_GUARD_CLOCK_SKEW_SECONDS", "WRIT_CLOCK_SKEW_SECONDS");
    public static final Variable MAX_LIFETIME = Variable.of("WRIT_GUARD_MAX_LIFETIME_SECONDS", "WRIT_MAX_LIFETIME_SECONDS");
    public static final Variable MIN_BUNDLE_REVISION =
            Variable.of("WRIT_GUARD_MIN_BUNDLE_REVISION", "WRIT_MIN_BUNDLE_REVISION");
    public static final Variable REPLAY_TABLE = Variable.of("WRIT_GUARD_REPLAY_TABLE", "WRIT_REPLAY_TABLE");
    public static final Variable FUNCTION_NAME = Variable.of("WRIT_GUARD_FUNCTION_NAME", "WRIT_FUNCTION_NAME");

    /** Longest clock skew or lifetime cap accepted, in seconds (a day: anything longer is a mistake). */
    private static final long MAX_SECONDS = 86_400;

    final VerifierConfig verifier;
    final String functionName;
    final VerificationLog log;
    final LineageRecorder lineage;
    final Hops hops;

    private GuardConfig(Builder b) {
        this.verifier = Objects.requireNonNull(b.verifier, "verifier configuration is required");
        this.functionName = b.functionName;
        this.log = b.log == null ? new VerificationLog(System.out) : b.log;
        this.lineage = b.lineage;
        this.hops = b.hops == null ? Hops.via(null) : b.hops;
    }

    /** A builder for programmatic configuration (tests, frameworks). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the environment (table above).
     *
     * @throws ConfigurationException naming the variable when the configuration cannot guard
     *                                anything (no trusted keys, no trusted issuer, bad numbers):
     *                                the function then fails at init instead of running unguarded
     */
    public static GuardConfig fromEnvironment() {
        return fromEnvironment(Environment.system());
    }

    static GuardConfig fromEnvironment(Environment env) {
        Builder config = builder().verifier(verifierFromEnvironment(env)).functionName(env.string(FUNCTION_NAME).orElse(null));
        config.hops = Hops.fromEnvironment(env);
        if (env.string(LineageConfig.TABLE).isPresent()) {
            // The writer's own client: SDK retries off, so the writer's retry bound is the only one.
            config.lineage(LineageWriter.fromEnvironment(env));
        }
        return config.build();
    }

    /**
     * What a guard trusts, read from the same variables (keys, issuers, skew, lifetime cap, bundle
     * revisions, replay table): for a component that must verify a writ exactly as the guard does,
     * the writ exchange verifying a hop's parent.
     *
     * @throws ConfigurationException naming the variable, as {@link #fromEnvironment()}
     */
    public static VerifierConfig verifierFromEnvironment(Environment env) {
        KeyResolver keys = keys(env);
        Set<String> issuers = env.list(TRUSTED_ISSUERS);
        if (issuers.isEmpty()) {
            throw new ConfigurationException(TRUSTED_ISSUERS.name(), "is not set; the guard refuses to start");
        }
        VerifierConfig.Builder verifier = VerifierConfig.builder()
                .keys(keys)
                .trustedIssuers(issuers)
                .clockSkew(Duration.ofSeconds(env.number(CLOCK_SKEW, VerifierConfig.DEFAULT_CLOCK_SKEW.getSeconds(),
                        0, MAX_SECONDS)))
                .maxLifetime(Duration.ofSeconds(env.number(MAX_LIFETIME, VerifierConfig.DEFAULT_MAX_LIFETIME.getSeconds(),
                        1, MAX_SECONDS)))
                .minimumBundleRevisions(minimumRevisions(env.list(MIN_BUNDLE_REVISION)));
        env.string(REPLAY_TABLE).ifPresent(table ->
                verifier.replayStore(new DynamoDbReplayStore(DefaultDynamoDb.lazy(), table)));
        return verifier.build();
    }

    private static KeyResolver keys(Environment env) {
        Set<String> kmsKeys = env.list(TRUSTED_KEYS);
        Optional<String> jwks = env.string(TRUSTED_JWKS);
        KeyResolver kms = kmsKeys.isEmpty() ? null : new KmsKeyResolver(kmsKeys, AwsClients.lazyKms(),
                Duration.ofSeconds(env.number(KEY_RETRY_AFTER, KmsKeyResolver.DEFAULT_RETRY_AFTER_SECONDS, 1,
                        KmsKeyResolver.MAX_RETRY_AFTER_SECONDS)));
        KeyResolver local = jwks.map(file -> JwksKeyResolver.fromFile(Path.of(file))).orElse(null);
        if (kms == null && local == null) {
            throw new ConfigurationException(TRUSTED_KEYS.name(), "and " + TRUSTED_JWKS.name()
                    + " are both unset; the guard refuses to start");
        }
        if (kms == null) {
            return local;
        }
        if (local == null) {
            return kms;
        }
        return kid -> {
            Optional<dev.writ.core.keys.VerificationKey> key = kms.resolve(kid);
            return key.isPresent() ? key : local.resolve(kid);
        };
    }

    static Map<String, Long> minimumRevisions(Set<String> entries) {
        Map<String, Long> out = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String bundle = eq < 0 ? VerifierConfig.ANY_BUNDLE : entry.substring(0, eq).strip();
            String revision = eq < 0 ? entry : entry.substring(eq + 1).strip();
            try {
                out.put(bundle, Long.parseLong(revision));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(MIN_BUNDLE_REVISION.name(), "must be N or name=N,...");
            }
        }
        return out;
    }

    /** Builds a {@link GuardConfig}. */
    public static final class Builder {
        private VerifierConfig verifier;
        private String functionName;
        private VerificationLog log;
        private LineageRecorder lineage;
        private Hops hops;

        private Builder() {
        }

        /**
         * Where the child writs of outgoing calls come from (the writ exchange); without one, calls
         * to other guarded targets carry no writ. Containment ({@code scp}) applies either way.
         */
        public Builder hops(HopIssuer issuer) {
            this.hops = Hops.via(issuer);
            return this;
        }

        /** What the verifier trusts (required). */
        public Builder verifier(VerifierConfig verifier) {
            this.verifier = verifier;
            return this;
        }

        /**
         * The name checked against {@code aud}'s names; by default the Lambda context's function name.
         * An ARN member is checked against the context's invoked ARN, never this name.
         */
        public Builder functionName(String functionName) {
            this.functionName = functionName == null || functionName.isBlank() ? null : functionName.strip();
            return this;
        }

        /**
         * Where lineage goes. With a recorder, the guard is strict: an invocation whose verification
         * record cannot be written is denied with LINEAGE_UNAVAILABLE before user code runs.
         */
        public Builder lineage(LineageRecorder recorder) {
            this.lineage = recorder;
            return this;
        }

        /** Where the guard's log lines go, one JSON line per verification (default stdout). */
        public Builder logTo(PrintStream out) {
            this.log = new VerificationLog(Objects.requireNonNull(out));
            return this;
        }

        public GuardConfig build() {
            return new GuardConfig(this);
        }
    }
}
