package dev.writ.guard;


import dev.writ.core.keys.VerificationKey;
import dev.writ.guard.internal.DefaultDynamoDb;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.KeyResolver;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.lineage.LineageRecorder;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.guard.internal.VerificationLog;
import dev.writ.guard.replay.DynamoDbReplayStore;
import dev.writ.guard.writ.VerifierConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Configuration of a {@link Guard}. {@link #fromEnvironment()} reads the {@code WRIT_*}
 * variables; there is deliberately no variable that disables the guard.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><td>{@value #TRUSTED_KEYS}</td><td>comma-separated KMS key ARNs writs may be signed with</td></tr>
 *   <tr><td>{@value #KEY_RETRY_AFTER}</td><td>seconds a failed {@code GetPublicKey} is remembered, per key
 *       (default 5, from 1 to 60); meanwhile writs under that key are denied UNKNOWN_KEY</td></tr>
 *   <tr><td>{@value #TRUSTED_JWKS}</td><td>path of a local JWKS file (development)</td></tr>
 *   <tr><td>{@value #TRUSTED_ISSUERS}</td><td>comma-separated trusted {@code iss} values (required)</td></tr>
 *   <tr><td>{@value #CLOCK_SKEW}</td><td>allowed clock skew in seconds (default 30)</td></tr>
 *   <tr><td>{@value #MAX_LIFETIME}</td><td>cap on {@code exp - iat} in seconds (default 300)</td></tr>
 *   <tr><td>{@value #MIN_BUNDLE_REVISION}</td><td>{@code N} for every bundle, or {@code name=N,...}</td></tr>
 *   <tr><td>{@value #REPLAY_TABLE}</td><td>DynamoDB table for single-use writs</td></tr>
 *   <tr><td>{@value #FUNCTION_NAME}</td><td>the name checked against {@code aud}; defaults to the Lambda function name</td></tr>
 *   <tr><td>{@value #LINEAGE_TABLE}</td><td>lineage table; when set, every invocation is recorded and a
 *       verification record that cannot be written denies the invocation (LINEAGE_UNAVAILABLE)</td></tr>
 * </table>
 */
public final class GuardConfig {

    public static final String TRUSTED_KEYS = "WRIT_TRUSTED_KEYS";
    public static final String KEY_RETRY_AFTER = "WRIT_KEY_RETRY_AFTER_SECONDS";
    public static final String TRUSTED_JWKS = "WRIT_TRUSTED_JWKS";
    public static final String TRUSTED_ISSUERS = "WRIT_TRUSTED_ISSUERS";
    public static final String CLOCK_SKEW = "WRIT_CLOCK_SKEW_SECONDS";
    public static final String MAX_LIFETIME = "WRIT_MAX_LIFETIME_SECONDS";
    public static final String MIN_BUNDLE_REVISION = "WRIT_MIN_BUNDLE_REVISION";
    public static final String REPLAY_TABLE = "WRIT_REPLAY_TABLE";
    public static final String FUNCTION_NAME = "WRIT_FUNCTION_NAME";
    public static final String LINEAGE_TABLE = "WRIT_LINEAGE_TABLE";

    final VerifierConfig verifier;
    final String functionName;
    final VerificationLog log;
    final LineageRecorder lineage;

    private GuardConfig(Builder b) {
        this.verifier = Objects.requireNonNull(b.verifier, "verifier configuration is required");
        this.functionName = b.functionName;
        this.log = b.log == null ? new VerificationLog(System.out) : b.log;
        this.lineage = b.lineage;
    }

    /** A builder for programmatic configuration (tests, frameworks). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code WRIT_*} environment variables.
     *
     * @throws IllegalStateException naming the variable when the configuration cannot guard
     *                               anything (no trusted keys, no trusted issuer, bad numbers):
     *                               the function then fails at init instead of running unguarded
     */
    public static GuardConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static GuardConfig fromEnvironment(Map<String, String> env) {
        KeyResolver keys = keys(env);
        Set<String> issuers = list(env.get(TRUSTED_ISSUERS));
        if (issuers.isEmpty()) {
            throw new IllegalStateException("Writ guard: " + TRUSTED_ISSUERS + " is not set; refusing to start");
        }
        VerifierConfig.Builder verifier = VerifierConfig.builder()
                .keys(keys)
                .trustedIssuers(issuers)
                .clockSkew(Duration.ofSeconds(seconds(env, CLOCK_SKEW, VerifierConfig.DEFAULT_CLOCK_SKEW)))
                .maxLifetime(Duration.ofSeconds(seconds(env, MAX_LIFETIME, VerifierConfig.DEFAULT_MAX_LIFETIME)))
                .minimumBundleRevisions(minimumRevisions(env.get(MIN_BUNDLE_REVISION)));
        String replayTable = env.get(REPLAY_TABLE);
        if (replayTable != null && !replayTable.isBlank()) {
            verifier.replayStore(new DynamoDbReplayStore(DefaultDynamoDb.lazy(), replayTable.strip()));
        }
        Builder config = builder().verifier(verifier.build()).functionName(env.get(FUNCTION_NAME));
        String lineageTable = env.get(LINEAGE_TABLE);
        if (lineageTable != null && !lineageTable.isBlank()) {
            // The writer's own client: SDK retries off, so the writer's retry bound is the only one.
            config.lineage(LineageWriter.fromEnvironment(env));
        }
        return config.build();
    }

    private static KeyResolver keys(Map<String, String> env) {
        Set<String> kmsKeys = list(env.get(TRUSTED_KEYS));
        String jwks = env.get(TRUSTED_JWKS);
        KeyResolver kms = kmsKeys.isEmpty() ? null : kmsKeys(kmsKeys, env);
        KeyResolver local = jwks == null || jwks.isBlank() ? null : JwksKeyResolver.fromFile(Path.of(jwks.strip()));
        if (kms == null && local == null) {
            throw new IllegalStateException("Writ guard: neither " + TRUSTED_KEYS + " nor " + TRUSTED_JWKS
                    + " is set; refusing to start");
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

    private static KeyResolver kmsKeys(Set<String> keyArns, Map<String, String> env) {
        long retryAfter = seconds(env, KEY_RETRY_AFTER, Duration.ofSeconds(KmsKeyResolver.DEFAULT_RETRY_AFTER_SECONDS));
        try {
            return new KmsKeyResolver(keyArns, AwsClients.lazyKms(), Duration.ofSeconds(retryAfter));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Writ guard: " + KEY_RETRY_AFTER + " must be from 1 to "
                    + KmsKeyResolver.MAX_RETRY_AFTER_SECONDS);
        }
    }

    private static Set<String> list(String value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static long seconds(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback.getSeconds();
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Writ guard: " + name + " must be a non-negative integer");
        }
    }

    static Map<String, Long> minimumRevisions(String value) {
        Map<String, Long> out = new HashMap<>();
        for (String entry : list(value)) {
            int eq = entry.indexOf('=');
            String bundle = eq < 0 ? VerifierConfig.ANY_BUNDLE : entry.substring(0, eq).strip();
            String revision = eq < 0 ? entry : entry.substring(eq + 1).strip();
            try {
                out.put(bundle, Long.parseLong(revision));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Writ guard: " + MIN_BUNDLE_REVISION + " must be N or name=N,...");
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

        private Builder() {
        }

        /** What the verifier trusts (required). */
        public Builder verifier(VerifierConfig verifier) {
            this.verifier = verifier;
            return this;
        }

        /** The name checked against {@code aud}; by default the Lambda context's function name. */
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
