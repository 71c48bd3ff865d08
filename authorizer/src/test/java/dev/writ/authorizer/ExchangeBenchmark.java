package dev.writ.authorizer;

import static dev.writ.authorizer.ExchangeWorld.WRITE_ROLE;

import dev.writ.authorizer.exchange.ExchangeResult;
import dev.writ.authorizer.exchange.WritExchange;
import dev.writ.authorizer.sign.DelegatedWritSigner;
import dev.writ.core.crypto.CryptoProvider;
import dev.writ.core.internal.AwsClients;
import dev.writ.core.jose.Signer;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.core.json.Json;
import dev.writ.core.keys.JwksKeyResolver;
import dev.writ.core.keys.KmsKeyResolver;
import dev.writ.core.sign.KmsSigner;
import dev.writ.core.sign.LocalSigner;
import dev.writ.guard.writ.VerifierConfig;
import dev.writ.guard.writ.WritCodec;
import dev.writ.testsupport.Emulators;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * A warm writ exchange in one process, one thread: request JSON read, caller ARN checked, parent
 * writ verified ({@code kms-delegated}: its delegation against the KMS key, cached), hop looked up,
 * Cedar, child writ minted and signed, log line (to a null stream). No lineage append (a DynamoDB
 * round trip, not in-process cost). The writ key is {@link #keySpec}'s: in {@code kms-delegated} a
 * KMS key (RSA 2048 is the stack's default; its PSS signatures need LocalStack's KMS, moto's do not
 * verify, so the benchmark runs it only when asked for), signed for as {@link AuthorizerConfig#signers} does (a {@code lambda:Invoke} child by
 * the compact P-256 delegation, any other child by the key's kind); in {@code local} one local key
 * of that kind signs every writ. Every KMS request after set-up is counted, and the benchmark
 * thread's CPU time per exchange is printed beside JMH's wall-clock figure. Command and results:
 * bench/RESULTS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExchangeBenchmark {

    @Param({"kms-delegated", "local"})
    public String mode;

    /**
     * The writ key's kind, as KMS names it: {@code ECC_NIST_P256}, or {@code RSA_2048} (the stack's
     * default) only when asked for with {@code -p}, since in {@code kms-delegated} it needs LocalStack's
     * KMS ({@code bench/exchange-keys.sh} starts it): without {@code -p} every run works on moto.
     */
    @Param({"ECC_NIST_P256"})
    public String keySpec;

    /** The child's kind: {@code lambda:Invoke} (client context) or {@code sqs:SendMessage} (a message attribute). */
    @Param({"lambda:Invoke", "sqs:SendMessage"})
    public String hop;

    /** Each hop kind's target in the sample bundle, as the interceptor names it. */
    private static final Map<String, String> TARGETS = Map.of("lambda:Invoke", "ledger-post",
            "sqs:SendMessage", "https://sqs.us-east-1.amazonaws.com/123456789012/payment-events");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final AtomicLong kmsCalls = new AtomicLong();
    private Signer signer;
    private WritExchange exchange;
    private String parentWrit;
    private String request;
    private long exchanges;
    private long cpuStart;
    private long cpuNanos;
    private long measured;
    private boolean counting;

    @Setup(Level.Trial)
    public void setUp() {
        boolean accelerated = CryptoProvider.awaitAccelerated(Duration.ofSeconds(60));
        System.out.printf("%n[crypto] mode=%s provider=%s%n", mode, accelerated ? CryptoProvider.current().getName() : "JDK");
        Clock clock = Clock.systemUTC();
        KeySpec spec = KeySpec.fromValue(keySpec);
        if (!TARGETS.containsKey(hop) || (spec != KeySpec.RSA_2048 && spec != KeySpec.ECC_NIST_P256)) {
            throw new IllegalArgumentException("hop must be one of " + TARGETS.keySet()
                    + " and keySpec RSA_2048 or ECC_NIST_P256, not " + hop + " and " + keySpec);
        }
        VerifierConfig.Builder trust;
        Signer clientContext;
        if (mode.equals("kms-delegated")) {
            Emulators.require("KMS");
            String key = AwsClients.lazyKms().get().createKey(r -> r.keySpec(spec)
                    .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().arn();
            KmsClient kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                        @Override
                        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                            kmsCalls.incrementAndGet();
                        }
                    })).build();
            KmsSigner certifier = KmsSigner.create(kms, key);
            signer = DelegatedWritSigner.create(certifier, TestWorld.ISSUER, Duration.ofMinutes(15), Duration.ofMinutes(6), clock);
            clientContext = DelegatedWritSigner.compact(certifier, TestWorld.ISSUER, Duration.ofMinutes(15),
                    Duration.ofMinutes(6), clock);
            trust = VerifierConfig.builder().keys(new KmsKeyResolver(Set.of(key), () -> kms));
        } else {
            LocalSigner local = LocalSigner.ephemeral(spec == KeySpec.RSA_2048 ? SigningAlgorithm.PS256 : SigningAlgorithm.ES256);
            signer = local;
            clientContext = local;
            trust = VerifierConfig.builder().keys(JwksKeyResolver.fromJwks("{\"keys\":[" + local.publicJwk() + "]}"));
        }
        Signer signing = signer;
        exchange = WritExchange.builder()
                .bundle(TestWorld.bundle())
                .verifier(trust.trustedIssuers(Set.of(TestWorld.ISSUER)).clock(clock).build())
                .signer(() -> signing)
                .clientContextSigner(() -> clientContext)
                .issuer(TestWorld.ISSUER)
                .account(ExchangeWorld.ACCOUNT)
                .region(ExchangeWorld.REGION)
                .clock(clock)
                .log(new PrintStream(OutputStream.nullOutputStream()))
                .build();
        newParent(null);
        ExchangeResult first = exchange();
        if (!first.isAllowed()) {
            throw new IllegalStateException("the benchmark's hop must be allowed: " + first
                    + (mode.equals("kms-delegated") && spec == KeySpec.RSA_2048 ? " (an RSA_2048 KMS key needs"
                    + " LocalStack's KMS, whose PSS signatures verify, unlike moto's: bench/exchange-keys.sh)" : ""));
        }
        System.out.printf("[exchange] child alg=%s parent alg=%s%n", header(first.token().orElseThrow()), header(parentWrit));
        kmsCalls.set(0);
    }

    /** A fresh parent each iteration (a writ lives at most 300 s, a trial longer); CPU counted in measurement iterations. */
    @Setup(Level.Iteration)
    public void newParent(IterationParams iteration) {
        counting = iteration != null && iteration.getType() == IterationType.MEASUREMENT;
        parentWrit = WritCodec.encode(ExchangeWorld.parent("payments-write", "carl", List.of("clerk"),
                System.currentTimeMillis() / 1000).build(), signer);
        request = ExchangeWorld.body(parentWrit, hop, TARGETS.get(hop), ExchangeWorld.PAYLOAD_DIGEST, null);
        exchanges = 0;
        cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void countCpu() {
        if (counting) {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
            measured += exchanges;
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%n[exchange] mode=%s keySpec=%s hop=%s measured exchanges=%d cpuPerExchangeMicros=%.1f kmsCallsAfterSetUp=%d%n", mode, keySpec, hop,
                measured,
                measured == 0 ? 0.0 : cpuNanos / 1000.0 / measured, kmsCalls.get());
    }

    /** The {@code alg} in a compact JWS's protected header. */
    private static String header(String jws) {
        return String.valueOf(Json.parseObject(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.')))).get("alg"));
    }

    /** One warm exchange: payments-write asks for a child writ to invoke ledger-post, or to send to payment-events, with a payload. */
    @Benchmark
    public ExchangeResult exchange() {
        exchanges++;
        return exchange.exchange(request, ExchangeWorld.callerArn(WRITE_ROLE, "payments-write"));
    }
}
