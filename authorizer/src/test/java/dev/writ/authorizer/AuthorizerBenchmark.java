package dev.writ.authorizer;

import org.openjdk.jmh.annotations.Scope;

import dev.writ.core.crypto.CryptoProvider;
import dev.writ.policy.bundle.RouteMatch;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Evaluation;
import dev.writ.policy.eval.PolicyBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Warm decisions per second of the whole authorizer (token check, route mapping, Cedar, writ
 * signing, decision log line) in one process, per signing mode, and Cedar alone in the same run.
 * {@code kms} and {@code kms-delegated} sign with a KMS key on the emulator (moto over loopback
 * HTTP); every KMS request is counted. Command and results: bench/RESULTS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuthorizerBenchmark {

    @Param({"local", "kms-delegated", "kms"})
    public String mode;

    private SigningModeFixture fixture;
    private PolicyBundle bundle;
    private AuthzRequest cedarRequest;
    private final AtomicLong decisions = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        // Warm means warm: the accelerated provider (ACCP) loads in the background at a cold start.
        boolean accelerated = CryptoProvider.awaitAccelerated(Duration.ofSeconds(60));
        System.out.printf("%n[crypto] mode=%s provider=%s%n", mode, accelerated ? CryptoProvider.current().getName()
                : "JDK (" + CryptoProvider.PROPERTY + "=" + System.getProperty(CryptoProvider.PROPERTY) + ")");
        fixture = new SigningModeFixture(mode);
        fixture.kmsCalls.set(0);
        bundle = TestWorld.bundle();
        RouteMatch route = bundle.route("GET", "/payments/p-1001").orElseThrow();
        cedarRequest = AuthzRequest.forRoute(route, "vera", Set.of("viewer"),
                Map.of("now", Instant.now(), "mfa", true, "scopes", List.of("payments/read")));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long n = decisions.get();
        System.out.printf("%n[kms-calls] mode=%s decisions=%d kmsCalls=%d perThousand=%.3f%n",
                mode, n, fixture.kmsCalls.get(), n == 0 ? 0.0 : 1000.0 * fixture.kmsCalls.get() / n);
        fixture.close();
    }

    /** One whole decision: JWT check (cached JWKS), route, Cedar, writ signed, log line. */
    @Benchmark
    public Decision decide() {
        decisions.incrementAndGet();
        return fixture.decide();
    }

    /** {@link #decide} with ACCP switched off: the JDK's own providers sign the writ and check the token. */
    @Benchmark
    @Fork(jvmArgsAppend = "-D" + CryptoProvider.PROPERTY + "=jdk")
    public Decision decideOnJdkCrypto() {
        return decide();
    }

    /** Cedar alone on the same request (the engine's share of {@link #decide}). */
    @Benchmark
    public Evaluation cedarOnly() {
        return bundle.authorize(cedarRequest);
    }
}
