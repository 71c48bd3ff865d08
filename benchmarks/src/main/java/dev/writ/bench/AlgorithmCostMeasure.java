package dev.writ.bench;

import com.nimbusds.jose.jwk.JWK;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.keys.LocalKeys;
import dev.writ.core.sign.LocalSigner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What each writ algorithm costs where it is paid, to choose the default by: making a key (the
 * {@code kms-delegated} authorizer makes one ephemeral key per delegation period), signing a writ
 * (the authorizer, per writ, when it signs locally) and verifying one (every guard, per
 * invocation, on the provider the guard layer ships: the JDK's), each as the median CPU time of
 * this thread over several batches; with ACCP on the class path, also what loading it costs a
 * fresh JVM.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.writ.bench.AlgorithmCostMeasure
 * java -cp benchmarks/target/benchmarks.jar:ACCP.jar dev.writ.bench.AlgorithmCostMeasure   # ACCP, as authorizer-fn ships it
 * </pre>
 */
public final class AlgorithmCostMeasure {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final byte[] INPUT = "x".repeat(900).getBytes(StandardCharsets.US_ASCII);

    private AlgorithmCostMeasure() {
    }

    public static void main(String[] args) throws Exception {
        long cpuBefore = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        CryptoProvider.preload();
        // ACCP, when on the class path, loads on a background thread: what a cold start pays for it.
        boolean accelerated = CryptoProvider.awaitAccelerated(Duration.ofSeconds(10));
        System.out.println("provider: " + (accelerated ? CryptoProvider.current().getName() : "JDK") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        if (accelerated) {
            System.out.printf("provider load: %.0f ms wall, %.0f ms process CPU%n", (System.nanoTime() - started) / 1e6,
                    (PROCESS.getProcessCpuTime() - cpuBefore) / 1e6);
        }
        System.out.println("| alg | key generation ms | sign µs | verify µs (JDK) | signature chars |");
        System.out.println("|---|---|---|---|---|");
        for (SigningAlgorithm alg : new SigningAlgorithm[] {SigningAlgorithm.ES256, SigningAlgorithm.PS256}) {
            double keygen = medianMicros(() -> LocalKeys.generate(alg), 5, 4) / 1000;
            LocalSigner signer = LocalSigner.fromJwk(LocalKeys.generate(alg).privateJwk());
            byte[] signature = signer.sign(INPUT);
            Signature jdk = jdkVerifier(alg, signer);
            double sign = medianMicros(() -> signer.sign(INPUT), 200, 15);
            double verify = medianMicros(() -> verify(jdk, signature), 200, 15);
            System.out.printf("| %s | %.1f | %.0f | %.0f | %d |%n", alg, keygen, sign, verify,
                    (signature.length * 4 + 2) / 3);
        }
    }

    private static Signature jdkVerifier(SigningAlgorithm alg, LocalSigner signer) throws Exception {
        JWK jwk = JWK.parse(signer.publicJwk());
        // The JDK's own providers, named by algorithm only: what a guard without ACCP verifies on.
        if (alg == SigningAlgorithm.ES256) {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
            s.initVerify(jwk.toECKey().toECPublicKey());
            return s;
        }
        Signature s = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        s.initVerify(jwk.toRSAKey().toRSAPublicKey());
        return s;
    }

    private static boolean verify(Signature verifier, byte[] signature) {
        try {
            verifier.update(INPUT);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("signature did not verify");
            }
            return true;
        } catch (java.security.SignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median over {@code batches} of the CPU time per call of a batch of {@code calls}, after one warm batch. */
    private static double medianMicros(Supplier<?> op, int calls, int batches) {
        double[] perCall = new double[batches];
        for (int b = -1; b < batches; b++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                if (op.get() == null) {
                    throw new IllegalStateException();
                }
            }
            if (b >= 0) {
                perCall[b] = (THREADS.getCurrentThreadCpuTime() - start) / 1000.0 / calls;
            }
        }
        Arrays.sort(perCall);
        return perCall[batches / 2];
    }
}
