package dev.writ.authorizer;


import dev.writ.authorizer.sign.DelegatedWritSigner;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.Signer;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import dev.writ.policy.file.InvalidBundleException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The authorizer configured from {@code WRIT_*} variables. A missing or bad setting never stops
 * the function from starting (API Gateway would answer 500): the authorizer then denies every
 * request, naming the cause in each log line.
 *
 * <table>
 *   <tr><td>{@code WRIT_BUNDLE_FILE}</td><td>signed bundle file (default {@code $LAMBDA_TASK_ROOT/bundle.json})</td></tr>
 *   <tr><td>{@code WRIT_BUNDLE_TRUSTED_KEYS}</td><td>KMS key ARNs that may sign the bundle (comma separated)</td></tr>
 *   <tr><td>{@code WRIT_BUNDLE_TRUSTED_JWKS}</td><td>or a JWKS file of local keys (development)</td></tr>
 *   <tr><td>{@code WRIT_IDP_ISSUER}</td><td>the callers' token issuer (required)</td></tr>
 *   <tr><td>{@code WRIT_IDP_JWKS_URL}</td><td>default {@code <issuer>/.well-known/jwks.json} (Cognito's)</td></tr>
 *   <tr><td>{@code WRIT_IDP_AUDIENCE}</td><td>required {@code aud} or {@code client_id}</td></tr>
 *   <tr><td>{@code WRIT_IDP_TOKEN_USE}</td><td>required Cognito {@code token_use} ({@code access} or {@code id})</td></tr>
 *   <tr><td>{@code WRIT_IDP_GROUPS_CLAIM}</td><td>default {@code cognito:groups}</td></tr>
 *   <tr><td>{@code WRIT_IDP_TOKEN_CACHE}</td><td>verified tokens remembered, each for at most 5 minutes (default 1000; 0: check every token's signature)</td></tr>
 *   <tr><td>{@code WRIT_ISSUER}</td><td>{@code iss} of the writs (required)</td></tr>
 *   <tr><td>{@code WRIT_LIFETIME_SECONDS}</td><td>writ lifetime, default 60</td></tr>
 *   <tr><td>{@code WRIT_SIGNING_MODE}</td><td>{@code kms} (default), {@code kms-delegated} or {@code local}</td></tr>
 *   <tr><td>{@code WRIT_KMS_KEY_ID}</td><td>KMS key for {@code kms} and {@code kms-delegated}</td></tr>
 *   <tr><td>{@code WRIT_DELEGATION_SECONDS}</td><td>delegation validity, default 900 (at most 900)</td></tr>
 *   <tr><td>{@code WRIT_LOCAL_KEY}</td><td>private JWK file for {@code local}</td></tr>
 *   <tr><td>{@code WRIT_LINEAGE_TABLE}</td><td>when set, every decision is appended (chains {@code authorizer#<n>})</td></tr>
 *   <tr><td>{@code WRIT_MAX_HEADER_BYTES}</td><td>largest header accepted, default 8192</td></tr>
 * </table>
 */
public final class AuthorizerConfig {

    /** Renew a delegation this long before it ends: the guard's lifetime cap (300 s) plus skew (30 s) and margin. */
    static final Duration DELEGATION_RENEW_BEFORE = Duration.ofSeconds(360);

    private AuthorizerConfig() {
    }

    /** The authorizer of this Lambda function. */
    public static Authorizer fromEnvironment() {
        return fromEnvironment(System.getenv(), Clock.systemUTC());
    }

    /** The authorizer for the given variables. */
    public static Authorizer fromEnvironment(Map<String, String> env, Clock clock) {
        Authorizer.Builder b = Authorizer.builder().clock(clock);
        try {
            configure(b, env, clock);
        } catch (RuntimeException e) {
            b.misconfigured(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return b.build();
    }

    private static void configure(Authorizer.Builder b, Map<String, String> env, Clock clock) {
        String issuer = required(env, "WRIT_IDP_ISSUER");
        URL jwks = url(env.getOrDefault("WRIT_IDP_JWKS_URL", stripSlash(issuer) + "/.well-known/jwks.json"));
        b.authenticator(CallerAuthenticator.remote(jwks, new CallerAuthenticator.Settings(issuer,
                env.get("WRIT_IDP_AUDIENCE"), env.get("WRIT_IDP_TOKEN_USE"), env.get("WRIT_IDP_GROUPS_CLAIM"), clock,
                number(env, "WRIT_IDP_TOKEN_CACHE", CallerAuthenticator.DEFAULT_TOKEN_CACHE, 0))));
        String writIssuer = required(env, "WRIT_ISSUER");
        b.issuer(writIssuer);
        b.lifetime(Duration.ofSeconds(number(env, "WRIT_LIFETIME_SECONDS", 60, 1)));
        b.maxHeaderBytes(number(env, "WRIT_MAX_HEADER_BYTES", 8192, 1));
        String init = env.getOrDefault("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        if (init.equals("snap-start") || init.equals("provisioned-concurrency")) {
            // Init is off the request path there: load ACCP now. On demand, its load would compete
            // with this init for the CPU (+~0.4 s to the first decision), so the first signing starts it.
            CryptoProvider.preload();
        }
        b.signer(signer(env, writIssuer, clock));
        loadBundle(b, env);
        if (env.get("WRIT_LINEAGE_TABLE") != null && !env.get("WRIT_LINEAGE_TABLE").isBlank()) {
            b.lineage(LineageWriter.fromEnvironment(env));
        }
    }

    private static void loadBundle(Authorizer.Builder b, Map<String, String> env) {
        String file = env.get("WRIT_BUNDLE_FILE");
        if (file == null) {
            file = Path.of(env.getOrDefault("LAMBDA_TASK_ROOT", "."), "bundle.json").toString();
        }
        BundleTrust trust;
        if (env.get("WRIT_BUNDLE_TRUSTED_KEYS") != null) {
            trust = BundleTrust.keys(new KmsKeyResolver(list(env.get("WRIT_BUNDLE_TRUSTED_KEYS")), AwsClients.lazyKms()));
        } else if (env.get("WRIT_BUNDLE_TRUSTED_JWKS") != null) {
            trust = BundleTrust.jwksFile(Path.of(env.get("WRIT_BUNDLE_TRUSTED_JWKS")));
        } else {
            b.bundleProblem("neither WRIT_BUNDLE_TRUSTED_KEYS nor WRIT_BUNDLE_TRUSTED_JWKS is set");
            return;
        }
        try {
            b.bundle(BundleLoader.load(Path.of(file), trust));
        } catch (InvalidBundleException e) {
            b.bundleProblem(e.getMessage());
        }
    }

    /** The signer of the configured mode, made on first use (KMS is not called at init) and retried after a failure. */
    static Supplier<Signer> signer(Map<String, String> env, String writIssuer, Clock clock) {
        String mode = env.getOrDefault("WRIT_SIGNING_MODE", "kms");
        switch (mode) {
            case "kms": {
                String keyId = required(env, "WRIT_KMS_KEY_ID");
                Supplier<software.amazon.awssdk.services.kms.KmsClient> kms = AwsClients.lazyKms();
                return new Memo<>(() -> KmsSigner.create(kms.get(), keyId));
            }
            case "kms-delegated": {
                String keyId = required(env, "WRIT_KMS_KEY_ID");
                Duration validity = Duration.ofSeconds(number(env, "WRIT_DELEGATION_SECONDS", 900, 1));
                Supplier<software.amazon.awssdk.services.kms.KmsClient> kms = AwsClients.lazyKms();
                Memo<Signer> delegated = new Memo<>(() -> DelegatedWritSigner.create(
                        KmsSigner.create(kms.get(), keyId), writIssuer, validity, DELEGATION_RENEW_BEFORE, clock));
                return delegated;
            }
            case "local": {
                Path key = Path.of(required(env, "WRIT_LOCAL_KEY"));
                return new Memo<>(() -> LocalSigner.fromJwkFile(key));
            }
            default:
                throw new IllegalArgumentException("WRIT_SIGNING_MODE must be kms, kms-delegated or local, not " + mode);
        }
    }

    /** Remembers the first value made without an exception. */
    static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> make;
        private volatile T value;

        Memo(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        value = make.get();
                    }
                    v = value;
                }
            }
            return v;
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.strip();
    }

    /** A whole number from 0 (min 0) or 1 (min 1) up to Integer.MAX_VALUE. */
    private static int number(Map<String, String> env, String name, int dflt, int min) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < min) {
                throw new IllegalArgumentException(name + (min > 0 ? " must be positive" : " must not be negative"));
            }
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " is too large");
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number");
        }
    }

    private static Set<String> list(String value) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static URL url(String value) {
        try {
            return URI.create(value).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad JWKS URL " + value);
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
