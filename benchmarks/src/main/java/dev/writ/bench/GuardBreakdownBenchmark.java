package dev.writ.bench;

import dev.writ.guard.writ.WritClaims;
import dev.writ.core.jose.Jws;
import dev.writ.core.jose.CompactJws;
import dev.writ.guard.internal.VerificationLog;
import dev.writ.core.json.Json;
import dev.writ.guard.hop.GuardedExecution;
import dev.writ.guard.hop.Hops;
import dev.writ.guard.writ.Writ;
import org.openjdk.jmh.annotations.Scope;

import com.amazonaws.services.lambda.runtime.Context;
import dev.writ.guard.internal.EventInspector;
import dev.writ.guard.internal.Invocation;
import dev.writ.core.jose.SigningAlgorithm;
import dev.writ.guard.writ.Verification;
import dev.writ.guard.writ.WritVerifier;
import dev.writ.guard.writ.QueryHash;
import dev.writ.guard.writ.WritCodec;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
 * Where the guard's time goes: the pieces {@code Guard.handle} is made of, each on the same fixture
 * as {@link GuardOverheadBenchmark}, plus the JCA signature check alone (the floor no JWS library can
 * go under). Decoding is split into its steps: the compact JWS (base64url, both JSON objects), the
 * payload's JSON alone, and the claims model read from the parsed payload. Diagnostic; the target
 * is judged on GuardOverheadBenchmark and InterleavedRatio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class GuardBreakdownBenchmark {

    /** As writ-core's read-only reader configures Jackson: it refuses duplicate names itself. */
    private static final JsonFactory TOKEN_JSON = JsonFactory.builder()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @Param({"ES256", "PS256"})
    public String alg;

    private GuardFixture fixture;
    private Context context;
    private VerificationLog log;
    private Verification allowed;
    private Invocation invocation;
    private PublicKey publicKey;
    private Jws decoded;
    private byte[] payloadJson;
    private Hops hops;
    private List<Writ> writs;

    @Setup
    public void setUp() {
        fixture = new GuardFixture(SigningAlgorithm.valueOf(alg));
        context = new BenchContext(GuardFixture.FUNCTION);
        log = new VerificationLog(new PrintStream(OutputStream.nullOutputStream()));
        allowed = new WritVerifier(fixture.verifierConfig).verify(fixture.token, GuardFixture.FUNCTION, fixture.binding);
        if (!allowed.isAllowed()) {
            throw new IllegalStateException("fixture writ denied: " + allowed);
        }
        invocation = inspect();
        publicKey = fixture.publicKey();
        decoded = CompactJws.parse(fixture.token);
        payloadJson = Base64.getUrlDecoder().decode(fixture.token.split("\\.")[1]);
        hops = Hops.via(null);
        writs = List.of(allowed.writ().orElseThrow());
    }

    /** Finding the writ and the request binding in the event (includes {@link #queryHash}). */
    @Benchmark
    public Invocation inspect() {
        return EventInspector.inspect(fixture.event, context);
    }

    /** The query-string hash of the request binding. */
    @Benchmark
    public String queryHash() {
        return QueryHash.ofMultiValue(GuardFixture.QUERY);
    }

    /** Strict decoding of the compact writ: base64url checks, JSON parsing, claims model. */
    @Benchmark
    public WritClaims decode() {
        return WritCodec.decodeUnverified(fixture.token);
    }

    /** The compact JWS alone: three base64url parts, header and payload JSON into read-only maps. */
    @Benchmark
    public Jws compactJws() {
        return CompactJws.parse(fixture.token);
    }

    /** The payload's JSON alone, strict, into read-only values as {@link #compactJws} reads it. */
    @Benchmark
    public Map<String, Object> payloadJson() {
        return Json.parseReadOnlyObject(payloadJson);
    }

    /**
     * Jackson's parser walking the payload's tokens as {@link #payloadJson}'s parser does (without
     * Jackson's duplicate detection, which the reader does itself), keeping no value: the floor of any
     * reader of the payload on Jackson.
     */
    @Benchmark
    public int payloadTokens() throws IOException {
        try (JsonParser parser = TOKEN_JSON.createParser(payloadJson)) {
            int tokens = 0;
            while (parser.nextToken() != null) {
                tokens++;
            }
            return tokens;
        }
    }

    /** The claims model read from the parsed payload (the rest of {@link #decode}). */
    @Benchmark
    public WritClaims claims() {
        return WritClaims.fromJson(decoded.payload());
    }

    /** The hop interceptor's scope the guard enters and leaves around user code. */
    @Benchmark
    public GuardedExecution.Scope guardedExecution() {
        try (GuardedExecution.Scope scope = hops.enter(fixture.token, writs, GuardFixture.FUNCTION, context, null)) {
            return scope;
        }
    }

    /** One decision line, serialized and written to a null stream. */
    @Benchmark
    public Verification decisionLog() {
        log.log(allowed, invocation, GuardFixture.FUNCTION, 42);
        return allowed;
    }

    /** The signature check with plain JCA, on bytes already decoded: the cryptographic floor. */
    @Benchmark
    public boolean jcaSignatureOnly() throws GeneralSecurityException {
        Signature s;
        if ("ES256".equals(alg)) {
            s = Signature.getInstance("SHA256withECDSAinP1363Format");
        } else {
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        s.initVerify(publicKey);
        s.update(decoded.signingInput());
        return s.verify(decoded.signature());
    }
}
