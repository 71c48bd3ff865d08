package dev.writ.bench;

import org.openjdk.jmh.annotations.Scope;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import dev.writ.guard.Guard;
import dev.writ.guard.GuardConfig;
import dev.writ.guard.GuardedFunction;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritVerifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guard overhead per warm invocation. {@link #guard} is everything the guard does for an API
 * Gateway REST proxy event (extract the writ, parse, header checks, key lookup, signature,
 * claim checks, request binding, decision log line) around a no-op handler; {@link #bareNimbus}
 * is the baseline, a plain Nimbus parse and verify of the same token; {@link #verifier} is
 * {@link WritVerifier#verify} alone, to split the guard's cost between verifier and wrapper.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 1)
public class GuardOverheadBenchmark {

    @Param({"ES256", "PS256"})
    public String alg;

    private static final APIGatewayProxyResponseEvent OK = new APIGatewayProxyResponseEvent().withStatusCode(200)
            .withBody("{\"ok\":true}");
    private static final GuardedFunction<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> NO_OP =
            (event, context, writ) -> OK;

    private GuardFixture fixture;
    private Guard guard;
    private WritVerifier writVerifier;
    private PublicKey publicKey;
    private Context context;

    @Setup
    @SuppressWarnings("ReferenceEquality") // only an allowed call returns the handler's own OK object
    public void setUp() throws Exception {
        fixture = new GuardFixture(SigningAlgorithm.valueOf(alg));
        guard = Guard.create(GuardConfig.builder()
                .verifier(fixture.verifierConfig)
                .logTo(new PrintStream(OutputStream.nullOutputStream()))
                .build());
        writVerifier = new WritVerifier(fixture.verifierConfig);
        publicKey = fixture.publicKey();
        context = new BenchContext(GuardFixture.FUNCTION);
        // Measure the allow path only: a fixture that is denied would time a shortcut.
        if (guard.handle(fixture.event, context, NO_OP) != OK) {
            throw new IllegalStateException("the guard denied the benchmark writ");
        }
        Verification v = verifier();
        if (!v.isAllowed()) {
            throw new IllegalStateException("the verifier denied the benchmark writ: " + v);
        }
        if (!bareNimbus()) {
            throw new IllegalStateException("Nimbus did not verify the benchmark writ");
        }
    }

    /** The guard around a no-op handler: what a guarded function pays per warm invocation. */
    @Benchmark
    public APIGatewayProxyResponseEvent guard() {
        return guard.handle(fixture.event, context, NO_OP);
    }

    /** The verifier alone, with the request binding the guard would extract. */
    @Benchmark
    public Verification verifier() {
        return writVerifier.verify(fixture.token, GuardFixture.FUNCTION, fixture.binding);
    }

    /** Baseline: parse and verify the same token with Nimbus, nothing else. */
    @Benchmark
    public boolean bareNimbus() throws ParseException, JOSEException {
        return JWSObject.parse(fixture.token).verify(GuardFixture.nimbusVerifier(publicKey));
    }
}
