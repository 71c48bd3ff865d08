package dev.writ.core.crypto;

import dev.writ.core.config.Environment;
import dev.writ.core.config.Variable;
import dev.writ.core.internal.LogLines;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.Provider;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The JCA provider that signs and verifies writs. When the Amazon Corretto Crypto Provider (ACCP,
 * AWS-LC) is on the class path, ES256 signing and verification run about ten times faster than on
 * JDK 17's SunEC. ACCP loads in the background (native library and self-tests take a few hundred
 * milliseconds), so a cold start never waits for it: until it is loaded and healthy, and whenever
 * it cannot load (no ACCP, another CPU architecture), the JDK's own providers are used, which give
 * the same answers more slowly.
 *
 * <p>{@value #ENV}{@code =jdk} (or the system property {@value #PROPERTY}) keeps to the JDK.
 * For SnapStart, call {@link #awaitAccelerated} before the snapshot so restores start fast.
 */
public final class CryptoProvider {

    /** Environment variable: {@code auto} (default: ACCP when present) or {@code jdk}. */
    public static final String ENV = "WRIT_CRYPTO_PROVIDER";
    /** System property with the same meaning; wins over the environment. */
    public static final String PROPERTY = "writ.crypto.provider";

    private CryptoProvider() {
    }

    /**
     * The accelerated provider to hand to Nimbus ({@code getJCAContext().setProvider}), or
     * {@code null} for the JDK's default providers. Starts the background load on first call.
     */
    public static Provider current() {
        return Loading.ACCELERATED.getNow(Optional.empty()).orElse(null);
    }

    /**
     * {@code key} as {@code provider}'s own key object, or {@code key} itself when there is no
     * provider or it cannot take the key. ACCP re-encodes a JDK key on every {@code initSign} or
     * {@code initVerify}, which costs as much as the signature: a key used often is translated once.
     */
    public static <K extends Key> K onProvider(K key, Class<K> type, Provider provider) {
        if (provider == null) {
            return key;
        }
        try {
            Key translated = KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
            return type.isInstance(translated) ? type.cast(translated) : key;
        } catch (GeneralSecurityException | RuntimeException e) {
            return key;
        }
    }

    /** Starts the background load now, e.g. at function init, so early requests already find it. */
    public static void preload() {
        current();
    }

    /** Waits up to {@code timeout} for the background load; true when the accelerated provider is in use. */
    public static boolean awaitAccelerated(Duration timeout) {
        try {
            return Loading.ACCELERATED.get(timeout.toMillis(), TimeUnit.MILLISECONDS).isPresent();
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The accelerated provider unless {@code mode} is {@code jdk}; empty when it is absent (no
     * warning: an optional dependency) or cannot be used (one {@code WARN} line on stderr).
     *
     * @param accelerated ACCP, healthy, or an exception saying why not
     */
    static Optional<Provider> load(String mode, Supplier<Provider> accelerated) {
        if ("jdk".equals(mode)) {
            return Optional.empty();
        }
        try {
            return Optional.of(accelerated.get());
        } catch (NoClassDefFoundError absent) {
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            warn(e instanceof Unusable ? e.getMessage() : "ACCP did not load (" + e + ")");
            return Optional.empty();
        }
    }

    /** ACCP's own reason not to use it. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    /**
     * The only class naming ACCP's types: without ACCP on the class path just this class fails
     * to load (NoClassDefFoundError, so the JDK providers answer), never CryptoProvider itself.
     */
    private static final class Accp {
        static Provider healthy() {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            if (accp.getLoadingError() != null) {
                throw new Unusable("ACCP native library did not load (" + accp.getLoadingError() + ")");
            }
            try {
                accp.assertHealthy();
            } catch (RuntimeException e) {
                throw new Unusable("ACCP failed its self-tests (" + e + ")");
            }
            return accp;
        }
    }

    static String configuredMode() {
        return mode(System.getProperty(PROPERTY, Environment.system().string(Variable.of(ENV)).orElse(null)));
    }

    /** {@code auto} or {@code jdk}; anything else is {@code auto}, said once on stderr so a typo is seen. */
    static String mode(String configured) {
        String mode = configured == null || configured.isBlank() ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("jdk")) {
            LogLines.warn(System.err, "crypto", ENV + " '" + mode + "' is neither auto nor jdk; using auto");
            return "auto";
        }
        return mode;
    }

    private static void warn(String problem) {
        // Not a failure: signatures stay correct on the JDK providers, only slower.
        LogLines.warn(System.err, "crypto", problem + "; using the JDK crypto providers");
    }

    /** Holder: the load starts when {@link #current} is first called, on a daemon thread. */
    private static final class Loading {
        static final CompletableFuture<Optional<Provider>> ACCELERATED = start();

        private static CompletableFuture<Optional<Provider>> start() {
            String mode = configuredMode();
            return CompletableFuture.supplyAsync(() -> load(mode, Accp::healthy), task -> {
                Thread loader = new Thread(task, "writ-crypto-provider");
                loader.setDaemon(true);
                loader.start();
            }).exceptionally(unexpected -> Optional.empty());
        }
    }
}
