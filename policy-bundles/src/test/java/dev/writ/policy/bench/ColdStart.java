package dev.writ.policy.bench;

import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.policy.TestBundles;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.PolicyBundle;
import dev.writ.policy.file.BundleLoader;
import dev.writ.policy.file.BundleTrust;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Cold start of the bundle path, as the authorizer meets it: {@code prepare DIR} builds a signed
 * payments-api bundle file and its key in DIR; {@code load DIR} (run in a fresh JVM) loads and
 * checks the file, then makes the first decision, printing one line of milliseconds. Driven by
 * {@code bench/coldstart.sh}.
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("prepare")) {
            LocalKeys.writeNew(dir.resolve("keys"), SigningAlgorithm.ES256);
            Files.write(dir.resolve("bundle.json"), TestBundles.signed(TestBundles.PAYMENTS,
                    LocalSigner.fromJwkFile(dir.resolve("keys").resolve(LocalKeys.PRIVATE_JWK))));
            return;
        }
        long tn = System.nanoTime();
        // Loads the native library (JNE extracts it to java.io.tmpdir), measured apart from the bundle work.
        new com.cedarpolicy.BasicAuthorizationEngine();
        long t0 = System.nanoTime();
        PolicyBundle bundle = BundleLoader.load(dir.resolve("bundle.json"),
                BundleTrust.jwksFile(dir.resolve("keys").resolve(LocalKeys.PUBLIC_JWKS)));
        long t1 = System.nanoTime();
        Evaluation first = bundle.authorize(AuthzRequest.forRoute(bundle.route("GET", "/payments").orElseThrow(), "vera",
                Set.of("viewer"), Map.of("now", Instant.now(), "mfa", true)));
        long t2 = System.nanoTime();
        Evaluation second = bundle.authorize(AuthzRequest.forRoute(bundle.route("GET", "/payments").orElseThrow(), "vera",
                Set.of("viewer"), Map.of("now", Instant.now(), "mfa", true)));
        long t3 = System.nanoTime();
        if (!first.isAllowed() || !second.isAllowed()) {
            throw new IllegalStateException("unexpected decision " + first);
        }
        long jvmToMain = ManagementFactory.getRuntimeMXBean().getUptime() - (t3 - tn) / 1_000_000;
        System.out.printf("jvm_to_main_ms=%d native_load_ms=%.1f bundle_load_ms=%.1f first_decision_ms=%.1f second_decision_ms=%.2f%n",
                jvmToMain, (t0 - tn) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
}
