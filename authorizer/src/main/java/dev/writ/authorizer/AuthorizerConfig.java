package dev.writ.authorizer;

import dev.writ.core.config.ConfigurationException;
import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.guard.lineage.LineageConfig;
import java.util.Optional;

import dev.writ.authorizer.sign.DelegatedWritSigner;
import dev.writ.authorizer.auth.CallerAuthenticator;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.guard.lineage.LineageWriter;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.Signer;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import dev.writ.policy.file.InvalidBundleException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The authorizer configured from {@code WRIT_AUTHORIZER_*} variables (and {@code WRIT_LINEAGE_*}). A
 * missing or bad setting never stops the function from starting (API Gateway would answer 500):
 * the authorizer then denies every request, naming the variable in each log line.
 *
 * <table>
 *   <caption>Environment (the name before 0.2, still read with a warning, in brackets)</caption>
 *   <tr><td>{@code WRIT_AUTHORIZER_BUNDLE_FILE} ({@code WRIT_BUNDLE_FILE})</td><td>signed bundle file (default {@code $LAMBDA_TASK_ROOT/bundle.json})</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS} ({@code WRIT_BUNDLE_TRUSTED_KEYS})</td><td>KMS key ARNs that may sign the bundle (comma separated)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS} ({@code WRIT_BUNDLE_TRUSTED_JWKS})</td><td>or a JWKS file of local keys (development)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_IDP_ISSUER} ({@code WRIT_IDP_ISSUER})</td><td>the callers' token issuer (required)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_IDP_JWKS_URL} ({@code WRIT_IDP_JWKS_URL})</td><td>default {@code <issuer>/.well-known/jwks.json} (Cognito's)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_IDP_AUDIENCE} ({@code WRIT_IDP_AUDIENCE})</td><td>required {@code aud} or {@code client_id}</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_IDP_TOKEN_USE} ({@code WRIT_IDP_TOKEN_USE})</td><td>required Cognito {@code token_use} ({@code access} or {@code id})</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_IDP_GROUPS_CLAIM} ({@code WRIT_IDP_GROUPS_CLAIM})</td><td>default {@code cognito:groups}</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_IDP_TOKEN_CACHE} ({@code WRIT_IDP_TOKEN_CACHE})</td><td>verified tokens remembered, each for at most 5 minutes (default 1000; 0: check every token's signature)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_ISSUER} ({@code WRIT_ISSUER})</td><td>{@code iss} of the writs (required)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_LIFETIME_SECONDS} ({@code WRIT_LIFETIME_SECONDS})</td><td>writ lifetime, default 60</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_SIGNING_MODE} ({@code WRIT_SIGNING_MODE})</td><td>{@code kms} (default), {@code kms-delegated} or {@code local}</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_KMS_KEY_ID} ({@code WRIT_KMS_KEY_ID})</td><td>KMS key for {@code kms} and {@code kms-delegated}</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_DELEGATION_SECONDS} ({@code WRIT_DELEGATION_SECONDS})</td><td>delegation validity, default 900 (at most 900)</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_LOCAL_KEY} ({@code WRIT_LOCAL_KEY})</td><td>private JWK file for {@code local}</td></tr>
 *   <tr><td>{@code WRIT_AUTHORIZER_MAX_HEADER_BYTES} ({@code WRIT_MAX_HEADER_BYTES})</td><td>largest header accepted, default 8192</td></tr>
 *   <tr><td>{@code WRIT_LINEAGE_TABLE}</td><td>when set, every decision is appended (chains {@code authorizer#<n>})</td></tr>
 * </table>
 */
public final class AuthorizerConfig {

    public static final Variable BUNDLE_FILE = Variable.of("WRIT_AUTHORIZER_BUNDLE_FILE", "WRIT_BUNDLE_FILE");
    public static final Variable BUNDLE_TRUSTED_KEYS =
            Variable.of("WRIT_AUTHORIZER_BUNDLE_TRUSTED_KEYS", "WRIT_BUNDLE_TRUSTED_KEYS");
    public static final Variable BUNDLE_TRUSTED_JWKS =
            Variable.of("WRIT_AUTHORIZER_BUNDLE_TRUSTED_JWKS", "WRIT_BUNDLE_TRUSTED_JWKS");
    public static final Variable IDP_ISSUER = Variable.of("WRIT_AUTHORIZER_IDP_ISSUER", "WRIT_IDP_ISSUER");
    public static final Variable IDP_JWKS_URL = Variable.of("WRIT_AUTHORIZER_IDP_JWKS_URL", "WRIT_IDP_JWKS_URL");
    public static final Variable IDP_AUDIENCE = Variable.of("WRIT_AUTHORIZER_IDP_AUDIENCE", "WRIT_IDP_AUDIENCE");
    public static final Variable IDP_TOKEN_USE = Variable.of("WRIT_AUTHORIZER_IDP_TOKEN_USE", "WRIT_IDP_TOKEN_USE");
    public static final Variable IDP_GROUPS_CLAIM = Variable.of("WRIT_AUTHORIZER_IDP_GROUPS_CLAIM", "WRIT_IDP_GROUPS_CLAIM");
    public static final Variable IDP_TOKEN_CACHE = Variable.of("WRIT_AUTHORIZER_IDP_TOKEN_CACHE", "WRIT_IDP_TOKEN_CACHE");
    public static final Variable ISSUER = Variable.of("WRIT_AUTHORIZER_ISSUER", "WRIT_ISSUER");
    public static final Variable LIFETIME = Variable.of("WRIT_AUTHORIZER_LIFETIME_SECONDS", "WRIT_LIFETIME_SECONDS");
    public static final Variable SIGNING_MODE = Variable.of("WRIT_AUTHORIZER_SIGNING_MODE", "WRIT_SIGNING_MODE");
    public static final Variable KMS_KEY_ID = Variable.of("WRIT_AUTHORIZER_KMS_KEY_ID", "WRIT_KMS_KEY_ID");
    public static final Variable DELEGATION = Variable.of("WRIT_AUTHORIZER_DELEGATION_SECONDS", "WRIT_DELEGATION_SECONDS");
    public static final Variable LOCAL_KEY = Variable.of("WRIT_AUTHORIZER_LOCAL_KEY", "WRIT_LOCAL_KEY");
    public static final Variable MAX_HEADER_BYTES = Variable.of("WRIT_AUTHORIZER_MAX_HEADER_BYTES", "WRIT_MAX_HEADER_BYTES");

    /** Renew a delegation this long before it ends: the guard's lifetime cap (300 s) plus skew (30 s) and margin. */
    static final Duration DELEGATION_RENEW_BEFORE = Duration.ofSeconds(360);

    private AuthorizerConfig() {
    }

    /** The authorizer of this Lambda function. */
    public static Authorizer fromEnvironment() {
        return fromEnvironment(Environment.system(), Clock.systemUTC());
    }

    /** The authorizer for the given variables. */
    public static Authorizer fromEnvironment(Environment env, Clock clock) {
        Authorizer.Builder b = Authorizer.builder().clock(clock);
        try {
            configure(b, env, clock);
        } catch (RuntimeException e) {
            b.misconfigured(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return b.build();
    }

    private static void configure(Authorizer.Builder b, Environment env, Clock clock) {
        String issuer = env.required(IDP_ISSUER);
        URL jwks = url(env.string(IDP_JWKS_URL).orElse(stripSlash(issuer) + "/.well-known/jwks.json"));
        b.authenticator(CallerAuthenticator.remote(jwks, new CallerAuthenticator.Settings(issuer,
                env.string(IDP_AUDIENCE).orElse(null), env.string(IDP_TOKEN_USE).orElse(null),
                env.string(IDP_GROUPS_CLAIM).orElse(null), clock,
                (int) env.number(IDP_TOKEN_CACHE, CallerAuthenticator.DEFAULT_TOKEN_CACHE, 0, Integer.MAX_VALUE))));
        String writIssuer = env.required(ISSUER);
        b.issuer(writIssuer);
        b.lifetime(Duration.ofSeconds(env.number(LIFETIME, 60, 1, Integer.MAX_VALUE)));
        b.maxHeaderBytes((int) env.number(MAX_HEADER_BYTES, 8192, 1, Integer.MAX_VALUE));
        String init = env.platform("AWS_LAMBDA_INITIALIZATION_TYPE").orElse("on-demand");
        if (init.equals("snap-start") || init.equals("provisioned-concurrency")) {
            // Init is off the request path there: load ACCP now. On demand, its load would compete
            // with this init for the CPU (+~0.4 s to the first decision), so the first signing starts it.
            CryptoProvider.preload();
        }
        b.signer(signer(env, writIssuer, clock));
        loadBundle(b, env);
        if (env.string(LineageConfig.TABLE).isPresent()) {
            b.lineage(LineageWriter.fromEnvironment(env));
        }
    }

    private static void loadBundle(Authorizer.Builder b, Environment env) {
        try {
            b.bundle(bundle(env));
        } catch (InvalidBundleException | ConfigurationException e) {
            b.bundleProblem(e.getMessage());
        }
    }

    /**
     * The signed bundle {@code WRIT_AUTHORIZER_BUNDLE_*} name, verified against the trusted keys
     * (the writ exchange loads the same bundle the same way).
     *
     * @throws ConfigurationException when neither trusted keys nor a trusted JWKS is set
     * @throws InvalidBundleException when the file is missing, unsigned, untrusted, altered or invalid
     */
    public static PolicyBundle bundle(Environment env) throws InvalidBundleException {
        String file = env.string(BUNDLE_FILE)
                .orElseGet(() -> Path.of(env.platform("LAMBDA_TASK_ROOT").orElse("."), "bundle.json").toString());
        BundleTrust trust;
        Set<String> keys = env.list(BUNDLE_TRUSTED_KEYS);
        Optional<String> jwks = env.string(BUNDLE_TRUSTED_JWKS);
        if (!keys.isEmpty()) {
            trust = BundleTrust.keys(new KmsKeyResolver(keys, AwsClients.lazyKms()));
        } else if (jwks.isPresent()) {
            trust = BundleTrust.jwksFile(Path.of(jwks.get()));
        } else {
            throw new ConfigurationException(BUNDLE_TRUSTED_KEYS.name(), "and " + BUNDLE_TRUSTED_JWKS + " are both unset");
        }
        return BundleLoader.load(Path.of(file), trust);
    }

    /**
     * The signer of the configured mode ({@code WRIT_AUTHORIZER_SIGNING_MODE} and its key), made on
     * first use (KMS is not called at init) and retried after a failure. With {@code kms-delegated},
     * KMS signs a delegation every {@code WRIT_AUTHORIZER_DELEGATION_SECONDS}, never a writ.
     */
    public static Supplier<Signer> signer(Environment env, String writIssuer, Clock clock) {
        return signers(env, writIssuer, clock).writs();
    }

    /**
     * The signers of the configured mode over one key: {@code writs} as {@link #signer}, and
     * {@code clientContext} for writs that must fit Lambda's client context (the writ exchange's
     * {@code lambda:Invoke} children). They differ only with {@code kms-delegated}: there
     * {@code clientContext} certifies a P-256 key whatever the KMS key's kind
     * ({@link DelegatedWritSigner#compact}), one more KMS {@code Sign} per delegation period.
     */
    public static Signers signers(Environment env, String writIssuer, Clock clock) {
        String mode = env.choice(SIGNING_MODE, "kms", Set.of("kms", "kms-delegated", "local"));
        switch (mode) {
            case "kms": {
                String keyId = env.required(KMS_KEY_ID);
                Supplier<software.amazon.awssdk.services.kms.KmsClient> kms = AwsClients.lazyKms();
                return Signers.one(new Memo<>(() -> KmsSigner.create(kms.get(), keyId)));
            }
            case "kms-delegated": {
                String keyId = env.required(KMS_KEY_ID);
                Duration validity = Duration.ofSeconds(env.number(DELEGATION, 900, 1, Integer.MAX_VALUE));
                Supplier<software.amazon.awssdk.services.kms.KmsClient> kms = AwsClients.lazyKms();
                Supplier<Signer> certifier = new Memo<>(() -> KmsSigner.create(kms.get(), keyId));
                return new Signers(
                        new Memo<>(() -> DelegatedWritSigner.create(
                                certifier.get(), writIssuer, validity, DELEGATION_RENEW_BEFORE, clock)),
                        new Memo<>(() -> DelegatedWritSigner.compact(
                                certifier.get(), writIssuer, validity, DELEGATION_RENEW_BEFORE, clock)));
            }
            default: {
                Path key = Path.of(env.required(LOCAL_KEY));
                return Signers.one(new Memo<>(() -> LocalSigner.fromJwkFile(key)));
            }
        }
    }

    /** {@link #signers}: each made on first use. */
    public record Signers(Supplier<Signer> writs, Supplier<Signer> clientContext) {
        static Signers one(Supplier<Signer> signer) {
            return new Signers(signer, signer);
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
