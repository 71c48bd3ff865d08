package dev.writ.authorizer;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import dev.writ.authorizer.event.RecordedEvent;
import dev.writ.guard.aws.AwsClients;
import dev.writ.guard.sign.DelegatedWritSigner;
import dev.writ.guard.sign.KmsWritSigner;
import dev.writ.guard.sign.WritSigner;
import dev.writ.policy.bundle.RouteMatch;
import dev.writ.policy.eval.AuthzRequest;
import dev.writ.policy.eval.Decision;
import dev.writ.policy.eval.PolicyBundle;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

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

    private TestIdp idp;
    private Authorizer authorizer;
    private APIGatewayV2CustomAuthorizerEvent event;
    private PolicyBundle bundle;
    private AuthzRequest cedarRequest;
    private final AtomicLong kmsCalls = new AtomicLong();
    private final AtomicLong decisions = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        idp = new TestIdp();
        Instant now = Instant.now();
        // A viewer's read: no business-hours rule, so the wall clock can drive the run.
        Clock clock = Clock.systemUTC();
        WritSigner signer = switch (mode) {
            case "local" -> TestWorld.writSigner();
            case "kms" -> KmsWritSigner.create(countingKms(), newKey());
            case "kms-delegated" -> DelegatedWritSigner.create(KmsWritSigner.create(countingKms(), newKey()),
                    TestWorld.ISSUER, Duration.ofMinutes(15), Duration.ofMinutes(6), clock);
            default -> throw new IllegalArgumentException(mode);
        };
        kmsCalls.set(0);
        authorizer = TestWorld.authorizer(idp, clock, new java.io.ByteArrayOutputStream())
                .signer(() -> signer)
                .log(new PrintStream(OutputStream.nullOutputStream()))
                .build();
        event = ((RecordedEvent.Http) TestWorld.event("http-request",
                idp.token("vera", List.of("viewer"), now), e -> { })).event();
        bundle = TestWorld.bundle();
        RouteMatch route = bundle.route("GET", "/payments/p-1001").orElseThrow();
        cedarRequest = AuthzRequest.forRoute(route, "vera", Set.of("viewer"),
                Map.of("now", now, "mfa", true, "scopes", List.of("payments/read")));
        if (!authorizer.decide(event).allowed()) {
            throw new IllegalStateException("the benchmark request must be allowed");
        }
    }

    private KmsClient countingKms() {
        // The function's client settings (UrlConnectionHttpClient, endpoint from the environment), plus a counter.
        return KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        kmsCalls.incrementAndGet();
                    }
                })).build();
    }

    private static String newKey() {
        Emulators.require("KMS");
        return AwsClients.lazyKms().get().createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long n = decisions.get();
        System.out.printf("%n[kms-calls] mode=%s decisions=%d kmsCalls=%d perThousand=%.3f%n",
                mode, n, kmsCalls.get(), n == 0 ? 0.0 : 1000.0 * kmsCalls.get() / n);
        idp.close();
    }

    /** One whole decision: JWT check (cached JWKS), route, Cedar, writ signed, log line. */
    @Benchmark
    public Outcome decide() {
        decisions.incrementAndGet();
        return authorizer.decide(event);
    }

    /** Cedar alone on the same request (the engine's share of {@link #decide}). */
    @Benchmark
    public Decision cedarOnly() {
        return bundle.authorize(cedarRequest);
    }
}
